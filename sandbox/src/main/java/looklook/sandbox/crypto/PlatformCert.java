package looklook.sandbox.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * WeChat Pay's platform certificate as the simulator issues it: a self-signed X.509 v3 certificate
 * over its own RSA-2048 key pair (not the public-key mode's pair, so a merchant that verifies with the
 * wrong one fails as it would at WeChat), valid five years like WeChat's, with a random serial the
 * merchant sees in hex as {@code Wechatpay-Serial}.
 */
public final class PlatformCert {
    /** WeChat's platform certificates are valid for five years. */
    static final Duration VALIDITY = Duration.ofDays(5 * 365);

    private PlatformCert() {
    }

    /** A new certificate for {@code pair}, valid from a minute ago. */
    static X509Certificate issue(KeyPair pair) {
        Instant from = Instant.now().minusSeconds(60);
        // 159 random bits: positive, at most 20 octets as X.509 requires, 40 hex digits like WeChat's serials
        BigInteger serial = new BigInteger(159, new SecureRandom()).setBit(155);
        X500Name name = new X500Name("CN=Tenpay.com sandbox platform certificate,OU=sandbox,O=Tenpay.com,C=CN");
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, serial, Date.from(from),
                    Date.from(from.plus(VALIDITY)), name, pair.getPublic()).build(signer);
            return read(holder.getEncoded());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("SHA256withRSA is always available", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate as PEM, what {@code /v3/certificates} encrypts and a merchant deploys. */
    public static String pem(X509Certificate cert) {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateException e) {
            throw new IllegalStateException("a certificate we built encodes", e);
        }
    }

    /** Reads a PEM certificate. */
    static X509Certificate readPem(String pem) {
        return read(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** The serial as WeChat (and the SDK's PemUtil) writes it: upper-case hex. */
    public static String serial(X509Certificate cert) {
        return cert.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    private static X509Certificate read(byte[] encoded) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(encoded));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }
}
