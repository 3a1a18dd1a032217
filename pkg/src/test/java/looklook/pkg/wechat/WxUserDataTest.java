package looklook.pkg.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.junit.jupiter.api.Test;

class WxUserDataTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key = bytes(16);
    private final byte[] iv = bytes(16);
    private final String sessionKey = Base64.getEncoder().encodeToString(key);
    private final String ivB64 = Base64.getEncoder().encodeToString(iv);

    @Test
    void phone_decryptsWhatWeChatEncrypted() throws Exception {
        String data = encrypt("{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\","
                + "\"watermark\":{\"timestamp\":1735700000,\"appid\":\"wxOURS\"}}");
        WxPhone phone = WxUserData.phone("wxOURS", sessionKey, data, ivB64);
        assertThat(phone).isEqualTo(new WxPhone("13800138000", "13800138000", "86"));
    }

    @Test
    void decrypt_foreignWatermarkIsRefusedNamingBothAppIds() throws Exception {
        String data = encrypt("{\"purePhoneNumber\":\"1\",\"watermark\":{\"appid\":\"wxTHEIRS\"}}");
        assertThatThrownBy(() -> WxUserData.decrypt("wxOURS", sessionKey, data, ivB64))
                .isInstanceOfSatisfying(BizException.class, e -> {
                    assertThat(e.is(ErrorCode.WX_MINI_DATA_INVALID)).isTrue();
                    assertThat(e.userMessage()).contains("wxTHEIRS").contains("wxOURS");
                });
    }

    @Test
    void decrypt_wrongSessionKeyIsUnverifiableAndGarbageIsABadParam() throws Exception {
        String data = encrypt("{\"watermark\":{\"appid\":\"wxOURS\"}}");
        for (int i = 0; i < 50; i++) { // a wrong key sometimes passes the padding check: every outcome must be 110006
            String otherKey = Base64.getEncoder().encodeToString(bytes(16));
            assertThatThrownBy(() -> WxUserData.decrypt("wxOURS", otherKey, data, ivB64))
                    .isInstanceOfSatisfying(BizException.class, e -> assertThat(e.is(ErrorCode.WX_MINI_DATA_INVALID)).isTrue());
        }
        assertThatThrownBy(() -> WxUserData.decrypt("wxOURS", sessionKey, "%%%", ivB64))
                .isInstanceOfSatisfying(BizException.class, e -> assertThat(e.is(ErrorCode.REQUEST_PARAM_ERROR)).isTrue());
        assertThatThrownBy(() -> WxUserData.decrypt("wxOURS", sessionKey, data, Base64.getEncoder().encodeToString(bytes(8))))
                .isInstanceOf(BizException.class);
    }

    private String encrypt(String json) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return Base64.getEncoder().encodeToString(c.doFinal(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
