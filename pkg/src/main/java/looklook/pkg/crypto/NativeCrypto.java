package looklook.pkg.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.KeyAgreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Amazon Corretto Crypto Provider (ACCP, Amazon's JCA provider on AWS-LC) first in the JVM's
 * provider list, for the processes that sign: each purchase costs payment-api two RSA-2048 signatures
 * (the prepay request, the mini program's paySign), which take 0.85 ms each with the JDK's provider and
 * 0.28 ms with ACCP on the same machine (measured). A key loaded after the install is ACCP's own, so the
 * SDKs (wechatpay-java, Alipay's) sign with it without a change; whatever ACCP does not offer is still
 * found in the JDK's providers.
 *
 * <p>Why a native provider at all, and why this one: RSA was 42% of payment-api's CPU under the purchase
 * load, and the JDK's BigInteger arithmetic is what it is. ACCP is maintained by Amazon (releases through
 * 2025), runs a self-test before it serves, and ships its native library inside the jar; Conscrypt's
 * OpenJDK build was last released in 2021. The jar carries the Linux x86-64 library only: on another
 * platform, or where it fails its self-test, the install is skipped with a warning and the JDK's
 * providers serve as before.
 */
public final class NativeCrypto {
    /** Set to {@code false} to keep the JDK's providers (the same for every process: the choice is the JVM's, not a service's). */
    public static final String SWITCH = "LOOKLOOK_NATIVE_CRYPTO";
    private static final Logger log = LoggerFactory.getLogger(NativeCrypto.class);

    private NativeCrypto() {
    }

    /**
     * Installs ACCP first unless {@value #SWITCH} is {@code false} or it cannot run here; returns whether
     * it is installed. Call it before any key is loaded: a key loaded earlier stays the JDK's, and signs
     * at the JDK's speed.
     */
    public static boolean install(String process) {
        return install(process, !"false".equalsIgnoreCase(System.getenv(SWITCH)));
    }

    static synchronized boolean install(String process, boolean wanted) {
        if (!wanted) {
            log.info("{}: native crypto off ({}=false); the JDK's providers sign", process, SWITCH);
            return false;
        }
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                log.warn("{}: native crypto unavailable here, the JDK's providers sign: {}", process, accp.getLoadingError().toString());
                return false;
            }
            if (Security.getProviders()[0] != accp) {
                // registered lower down (a java.security file, an earlier call) would leave the JDK's first
                Security.removeProvider(accp.getName());
                AmazonCorrettoCryptoProvider.install();
            }
            accp.assertHealthy();
            tlsKeyExchange();
            log.info("{}: native crypto {} installed first", process, accp.getVersionStr());
            return true;
        } catch (NoClassDefFoundError notShipped) {
            log.warn("{}: native crypto not in this build ({}), the JDK's providers sign", process, notShipped.getMessage());
            return false;
        } catch (RuntimeException | LinkageError | GeneralSecurityException e) {
            Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
            log.warn("{}: native crypto failed its checks, removed; the JDK's providers sign: {}", process, e.toString());
            return false;
        }
    }

    /**
     * What a TLS handshake to WeChat asks of the first provider beyond the self-test's RSA and AES: an
     * EC key pair and an ECDH agreement. A provider that fails here would otherwise fail at the first
     * payment's call, not at start.
     */
    private static void tlsKeyExchange() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair a = ec.generateKeyPair();
        KeyPair b = ec.generateKeyPair();
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(a.getPrivate());
        ecdh.doPhase(b.getPublic(), true);
        ecdh.generateSecret();
    }
}
