package looklook.pkg.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import looklook.pkg.conf.ConfException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WechatEndpointsTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String NOTIFY = "https://pay.example.com/payment/v1/thirdPayment/thirdPaymentWxPayCallback";

    private static WxPayConf pay(String baseUrl, String notifyUrl, boolean sandbox) {
        return new WxPayConf("1230000109", "SERIAL", "k.pem", "PUB_KEY_ID_1", "p.pem", KEY, notifyUrl, null, baseUrl, "wx1",
                null, sandbox);
    }

    @ParameterizedTest(name = "BaseUrl {0}, NotifyUrl {1}")
    @CsvSource({
        "'', " + NOTIFY,
        "https://wechat-proxy.example.com, " + NOTIFY,
        "https://api.mch.weixin.qq.com, https://8.8.8.8/notify",
    })
    void productionEndpoints_passWithoutSandbox(String baseUrl, String notifyUrl) {
        assertThat(WechatEndpoints.check("t", pay(baseUrl, notifyUrl, false))).isNotNull();
    }

    @ParameterizedTest(name = "BaseUrl {0}, NotifyUrl {1} -> {2}")
    @CsvSource({
        "http://127.0.0.1:8090, " + NOTIFY + ", WxPayConf.BaseUrl",
        "http://api.mch.weixin.qq.com, " + NOTIFY + ", WxPayConf.BaseUrl",
        "'', http://127.0.0.1:1002/payment/v1/thirdPayment/thirdPaymentWxPayCallback, WxPayConf.NotifyUrl",
        "'', http://pay.example.com/notify, WxPayConf.NotifyUrl",
        "'', https://127.0.0.1/notify, WxPayConf.NotifyUrl",
        "'', https://localhost:1002/notify, WxPayConf.NotifyUrl",
        "'', https://10.1.2.3/notify, WxPayConf.NotifyUrl",
        "'', https://192.168.1.9/notify, WxPayConf.NotifyUrl",
        "'', https://169.254.169.254/notify, WxPayConf.NotifyUrl",
        "'', https://[::1]/notify, WxPayConf.NotifyUrl",
        "'', https://[fd00::1]/notify, WxPayConf.NotifyUrl",
        "'', https://127.1/notify, WxPayConf.NotifyUrl",
        "'', https://2130706433/notify, WxPayConf.NotifyUrl",
        "'', https://0x7f.0.0.1/notify, WxPayConf.NotifyUrl",
        "'', https://0177.0.0.1/notify, WxPayConf.NotifyUrl",
        "'', https://10.258/notify, WxPayConf.NotifyUrl",
    })
    void sandboxEndpoints_areRefusedWithoutSandbox_andAdmittedWithIt(String baseUrl, String notifyUrl, String key) {
        assertThatThrownBy(() -> WechatEndpoints.check("t", pay(baseUrl, notifyUrl, false)))
                .isInstanceOf(ConfException.class).hasMessageStartingWith(key).hasMessageContaining("Sandbox: true");
        assertThat(WechatEndpoints.check("t", pay(baseUrl, notifyUrl, true)).sandbox()).isTrue();
    }

    @ParameterizedTest(name = "refund notify {0}")
    @CsvSource({"http://127.0.0.1:1002/refund", "https://127.0.0.1/refund"})
    void refundNotifyUrl_isCheckedToo(String refundNotifyUrl) {
        WxPayConf c = new WxPayConf("1", "S", "k", "P", "p", KEY, NOTIFY, refundNotifyUrl, "", "wx1", null, false);
        assertThatThrownBy(() -> WechatEndpoints.check("t", c)).hasMessageStartingWith("WxPayConf.RefundNotifyUrl");
    }

    @ParameterizedTest(name = "mini BaseUrl {0}")
    @CsvSource({"http://127.0.0.1:8090", "http://api.weixin.qq.com"})
    void miniProgramHttpBaseUrl_needsSandbox(String baseUrl) {
        assertThatThrownBy(() -> WechatEndpoints.check("t", new WxMiniConf("wx1", "s", baseUrl, null, false)))
                .isInstanceOf(ConfException.class).hasMessageStartingWith("WxMiniConf.BaseUrl");
        assertThat(WechatEndpoints.check("t", new WxMiniConf("wx1", "s", baseUrl, null, true)).endpoint()).isEqualTo(baseUrl);
        assertThat(WechatEndpoints.check("t", new WxMiniConf("wx1", "s", "", null, false)).endpoint())
                .isEqualTo(WxMiniConf.WECHAT);
    }
}
