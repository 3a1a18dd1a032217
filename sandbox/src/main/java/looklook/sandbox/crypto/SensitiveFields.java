package looklook.sandbox.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;

/**
 * Sensitive request fields (a bank account, a real name) as WeChat Pay v3 takes them: RSA-OAEP
 * (SHA-1, MGF1) under the platform key the request's {@code Wechatpay-Serial} names, Base64; what
 * the SDK's {@code PrivacyEncryptor} produces from the merchant's config.
 */
public final class SensitiveFields {
    private final Map<String, PrivateKey> keysBySerial;

    /** {@code keysBySerial}: the platform keys a merchant may encrypt for, by the serial it names. */
    public SensitiveFields(Map<String, PrivateKey> keysBySerial) {
        this.keysBySerial = Map.copyOf(keysBySerial);
    }

    /** The plain text of {@code cipherB64} encrypted for {@code serial}'s key; empty if it does not decrypt. */
    public Optional<String> decrypt(String serial, String cipherB64) {
        PrivateKey key = serial == null ? null : keysBySerial.get(serial);
        if (key == null || cipherB64 == null) {
            return Optional.empty();
        }
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            c.init(Cipher.DECRYPT_MODE, key);
            return Optional.of(new String(c.doFinal(Base64.getDecoder().decode(cipherB64)), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
