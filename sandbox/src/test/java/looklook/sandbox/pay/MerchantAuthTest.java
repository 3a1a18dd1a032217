package looklook.sandbox.pay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import looklook.sandbox.WxError;
import looklook.sandbox.crypto.Rsa;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MerchantAuthTest {
    static KeyPair merchant;
    static MerchantAuth auth;
    static final Instant NOW = Instant.ofEpochSecond(1_735_700_000L);

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        merchant = g.generateKeyPair();
        auth = new MerchantAuth("1900000109", "ABC123", merchant.getPublic());
    }

    @Test
    void verify_acceptsTheSdkShapeWithFieldsInAnyOrder() {
        String h = header("1900000109", "ABC123", NOW.getEpochSecond(), "GET", "/v3/x?mchid=1", "");
        assertThat(auth.verify(h, "GET", "/v3/x?mchid=1", "", NOW)).isEqualTo("1900000109");
    }

    @Test
    void verify_refusesAQueryChangedAfterSigning() {
        String h = header("1900000109", "ABC123", NOW.getEpochSecond(), "GET", "/v3/x?mchid=1", "");
        assertThatThrownBy(() -> auth.verify(h, "GET", "/v3/x?mchid=2", "", NOW)).isInstanceOf(WxError.class);
    }

    @Test
    void verify_refusesFiveMinutesOldOrUnknownMerchantOrSerial() {
        long old = NOW.getEpochSecond() - 300;
        assertThatThrownBy(() -> auth.verify(header("1900000109", "ABC123", old, "GET", "/v3/x", ""), "GET", "/v3/x", "", NOW))
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.getMessage()).contains("5 minutes"));
        long fine = NOW.getEpochSecond() - 299;
        assertThat(auth.verify(header("1900000109", "ABC123", fine, "GET", "/v3/x", ""), "GET", "/v3/x", "", NOW)).isNotNull();
        assertThatThrownBy(() -> auth.verify(header("1900000999", "ABC123", NOW.getEpochSecond(), "GET", "/v3/x", ""), "GET", "/v3/x", "", NOW))
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.code()).isEqualTo("SIGN_ERROR"));
        assertThatThrownBy(() -> auth.verify(header("1900000109", "OTHER", NOW.getEpochSecond(), "GET", "/v3/x", ""), "GET", "/v3/x", "", NOW))
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    private static String header(String mchid, String serial, long ts, String method, String target, String body) {
        String nonce = "0123456789abcdefghijABCDEFGHIJ01";
        String sig = Rsa.sign(merchant.getPrivate(), method + "\n" + target + "\n" + ts + "\n" + nonce + "\n" + body + "\n");
        return "WECHATPAY2-SHA256-RSA2048 signature=\"" + sig + "\",timestamp=\"" + ts + "\",mchid=\"" + mchid
                + "\",serial_no=\"" + serial + "\",nonce_str=\"" + nonce + "\"";
    }
}
