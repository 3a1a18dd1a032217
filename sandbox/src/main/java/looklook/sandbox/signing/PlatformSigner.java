package looklook.sandbox.signing;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import looklook.sandbox.crypto.Nonces;
import looklook.sandbox.crypto.PlatformCert;
import looklook.sandbox.crypto.Rsa;
import looklook.sandbox.crypto.SimKeys;

/**
 * Who signs WeChat's answers and notifies, by the signing mode in force (switchable at run time):
 * the public key ({@code Wechatpay-Serial} = the public key id), the platform certificate (its hex
 * serial), or during the migration from certificate to public key both: an answer is signed with
 * the public key when the merchant's request named the public key id in {@code Wechatpay-Serial},
 * else with the certificate (WeChat's switch guide, pay.weixin.qq.com/doc/v3/merchant/4012154180:
 * the serial a merchant sends moves its answers to the public key); notifies alternate between the
 * two, so a merchant must accept either.
 */
public final class PlatformSigner {
    /** The prefix real WeChat puts on the signature of deliberately mis-signed probes. */
    public static final String PROBE_PREFIX = "WECHATPAY/SIGNTEST/";

    /** A signing identity: the serial the message names and the key that signs it. */
    public record Identity(String serial, PrivateKey key) {
        /** Base64 SHA256withRSA over {@code message}. */
        public String sign(String message) {
            return Rsa.sign(key, message);
        }
    }

    private final Identity publicKey;
    private final Identity certificate;
    private final X509Certificate certificatePem;
    private final AtomicLong notifies = new AtomicLong();
    private volatile SigningMode mode;

    public PlatformSigner(SimKeys keys, String publicKeyId, SigningMode mode) {
        this.publicKey = new Identity(publicKeyId, keys.platformPrivateKey());
        this.certificate = new Identity(PlatformCert.serial(keys.certificate()), keys.certificateKey());
        this.certificatePem = keys.certificate();
        this.mode = mode;
    }

    public SigningMode mode() {
        return mode;
    }

    /** Switches the mode for every later answer and notify. */
    public void mode(SigningMode next) {
        this.mode = Objects.requireNonNull(next, "mode");
    }

    /** The public key id. */
    public String publicKeyId() {
        return publicKey.serial();
    }

    /** The platform certificate's serial (hex). */
    public String certificateSerial() {
        return certificate.serial();
    }

    /** The platform certificate, for {@code GET /v3/certificates}. */
    public X509Certificate certificate() {
        return certificatePem;
    }

    /** Whether a merchant can download the platform certificate now (not in pure public-key mode). */
    public boolean certificateServed() {
        return mode != SigningMode.PUBLIC_KEY;
    }

    /** Who signs the answer to a request whose {@code Wechatpay-Serial} header is {@code requestSerial} (may be null). */
    public Identity forAnswer(String requestSerial) {
        return switch (mode) {
            case PUBLIC_KEY -> publicKey;
            case CERTIFICATE -> certificate;
            case MIGRATION -> publicKey.serial().equals(requestSerial) ? publicKey : certificate;
        };
    }

    /** Who signs the next notify. */
    public Identity forNotify() {
        return switch (mode) {
            case PUBLIC_KEY -> publicKey;
            case CERTIFICATE -> certificate;
            case MIGRATION -> notifies.getAndIncrement() % 2 == 0 ? publicKey : certificate;
        };
    }

    /**
     * A probe signature: {@link #PROBE_PREFIX} and random bytes. The prefix (19) plus one character
     * make 5 Base64 quads, then 241 bytes: the whole still decodes to 256 bytes, so a verifier gets
     * as far as the RSA check and fails there.
     */
    public static String probeSignature() {
        return PROBE_PREFIX + "A" + Base64.getEncoder().encodeToString(Nonces.bytes(241));
    }
}
