package looklook.sandbox.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PKCS#8 and SPKI PEM, the only two forms the WeChat SDK's PemUtil reads. */
public final class Pem {
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private Pem() {
    }

    /** PKCS#8 PEM text (the "PRIVATE KEY" block WeChat hands a merchant as apiclient_key.pem). */
    public static String privateKey(PrivateKey key) {
        return encode(PRIVATE, key.getEncoded());
    }

    /** {@code -----BEGIN PUBLIC KEY-----} text. */
    public static String publicKey(PublicKey key) {
        return encode(PUBLIC, key.getEncoded());
    }

    /** Reads an RSA private key from PKCS#8 PEM. */
    public static PrivateKey readPrivateKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(decode(PRIVATE, pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA PKCS#8 private key: " + e.getMessage(), e);
        }
    }

    /** Reads an RSA public key from SPKI PEM. */
    public static PublicKey readPublicKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(decode(PUBLIC, pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA SPKI public key: " + e.getMessage(), e);
        }
    }

    private static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] decode(String type, String pem) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("expected a PEM block " + begin);
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
