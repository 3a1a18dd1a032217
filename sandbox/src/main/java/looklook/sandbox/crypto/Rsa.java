package looklook.sandbox.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** SHA256withRSA (PKCS#1 v1.5) over UTF-8 text with Base64 signatures, as every WeChat Pay v3 signature is made. */
public final class Rsa {
    private Rsa() {
    }

    /** The Base64 signature of {@code message}. */
    public static String sign(PrivateKey key, String message) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA signing failed", e);
        }
    }

    /** True when {@code signatureB64} is a valid signature of {@code message}; false for any malformed input. */
    public static boolean verify(PublicKey key, String message, String signatureB64) {
        if (signatureB64 == null || message == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signatureB64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
