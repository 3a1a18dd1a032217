package looklook.sandbox.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The two symmetric ciphers WeChat uses towards merchants and mini programs. */
public final class Ciphers {
    private Ciphers() {
    }

    /**
     * AEAD_AES_256_GCM of a notify resource: key = APIv3 key (32 UTF-8 bytes), IV = nonce (12 UTF-8
     * bytes), AAD = associated data; returns Base64(ciphertext || 128-bit tag).
     */
    public static String aesGcmEncrypt(String apiV3Key, String nonce, String associatedData, String plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
                    new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed", e);
        }
    }

    /** AES-128-CBC/PKCS#7 of mini-program user data under a session key; returns Base64 ciphertext. */
    public static String aesCbcEncrypt(byte[] sessionKey, byte[] iv, String plaintext) {
        try {
            // Java names PKCS#7 padding for 16-byte blocks "PKCS5Padding"
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new IvParameterSpec(iv));
            return Base64.getEncoder().encodeToString(c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CBC encryption failed", e);
        }
    }
}
