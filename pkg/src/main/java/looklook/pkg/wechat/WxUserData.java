package looklook.pkg.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;

/**
 * Decrypts a mini program's encrypted user data (AES-128-CBC, PKCS#7, key = the login's
 * session_key) and checks that its {@code watermark.appid} is ours, so data captured from another
 * mini program cannot be replayed into this one.
 */
public final class WxUserData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WxUserData() {
    }

    /**
     * The decrypted JSON. Malformed input is a 100002 BizException; data that does not decrypt under
     * this session or carries another appid's watermark is 110006.
     */
    public static JsonNode decrypt(String appId, String sessionKey, String encryptedData, String iv) {
        byte[] plain;
        try {
            byte[] key = Base64.getDecoder().decode(sessionKey);
            byte[] ivBytes = Base64.getDecoder().decode(iv);
            if (key.length != 16 || ivBytes.length != 16) {
                throw BizException.badParam("iv: " + ivBytes.length + " bytes (expected 16); or the session key is not 16 bytes");
            }
            // PKCS#7 on 16-byte blocks is what Java calls PKCS5Padding
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(ivBytes));
            plain = c.doFinal(Base64.getDecoder().decode(encryptedData));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw BizException.badParam("encryptedData / iv: not Base64 as wx.getPhoneNumber returns them");
        } catch (GeneralSecurityException e) {
            throw new BizException(ErrorCode.WX_MINI_DATA_INVALID, "encryptedData cannot be decrypted with this login's "
                    + "session key (use the code from the same wx.login, and data not older than it)");
        }
        JsonNode data;
        try {
            data = JSON.readTree(plain);
        } catch (IOException e) {
            // a wrong key passes the padding check about once in 256 tries and yields garbage: same error
            throw new BizException(ErrorCode.WX_MINI_DATA_INVALID, "encryptedData does not decrypt to JSON under this login's session key");
        }
        String watermark = data.path("watermark").path("appid").asText(null);
        if (watermark == null || !watermark.equals(appId)) {
            throw new BizException(ErrorCode.WX_MINI_DATA_INVALID,
                    "encryptedData belongs to appid " + watermark + " (expected this mini program's " + appId + ")");
        }
        return data;
    }

    /** The phone number in decrypted {@code wx.getPhoneNumber} data. */
    public static WxPhone phone(String appId, String sessionKey, String encryptedData, String iv) {
        JsonNode d = decrypt(appId, sessionKey, encryptedData, iv);
        String pure = d.path("purePhoneNumber").asText(null);
        if (pure == null || pure.isBlank()) {
            throw BizException.badParam("encryptedData carries no purePhoneNumber (expected wx.getPhoneNumber data)");
        }
        return new WxPhone(d.path("phoneNumber").asText(pure), pure, d.path("countryCode").asText("86"));
    }
}
