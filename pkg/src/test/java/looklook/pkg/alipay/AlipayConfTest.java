package looklook.pkg.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import looklook.pkg.conf.ConfException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlipayConfTest {
    private static AlipayConf conf(String gateway, String notifyUrl, boolean sandbox) {
        return new AlipayConf("2021000000000001", "2088000000000001", "/k/app.pem", "/k/alipay.pem", gateway, notifyUrl,
                sandbox, null);
    }

    @Test
    void defaults_areAlipaysGatewayFiveSecondsAndNoSandbox() {
        AlipayConf c = conf(null, "https://pay.example.com/cb", false);
        assertThat(c.gatewayUrl()).isEqualTo("https://openapi.alipay.com/gateway.do");
        assertThat(c.timeout()).isEqualTo(5_000L);
        assertThat(AlipayEndpoints.check("test", c)).isSameAs(c);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://pay.example.com/cb", "https://127.0.0.1/cb", "https://10.0.0.5/cb", "https://localhost/cb",
            "https://192.168.1.2:8443/cb"})
    void production_refusesANotifyUrlAlipayCannotReach_theSandboxAdmitsIt(String url) {
        assertThatThrownBy(() -> AlipayEndpoints.check("test", conf(null, url, false))).isInstanceOf(ConfException.class)
                .hasMessageContaining("AlipayConf.NotifyUrl");
        assertThat(AlipayEndpoints.check("test", conf(null, url, true)).notifyUrl()).isEqualTo(url);
    }

    @Test
    void production_refusesAnHttpGateway() {
        assertThatThrownBy(() -> AlipayEndpoints.check("test", conf("http://127.0.0.1:8090/gateway.do", "https://pay.example.com/cb",
                false))).isInstanceOf(ConfException.class).hasMessageContaining("AlipayConf.GatewayUrl");
    }

    @Test
    void badIds_areRefusedNamingTheKey() {
        assertThatThrownBy(() -> new AlipayConf("2021", "2088000000000001", "a", "b", null, "https://x.example/cb", false, null))
                .hasMessageContaining("AppId");
        assertThatThrownBy(() -> new AlipayConf("2021000000000001", "1234", "a", "b", null, "https://x.example/cb", false, null))
                .hasMessageContaining("SellerId");
    }

    @Test
    void anEmptyApplication_isAlipayNotOffered_butAHalfFilledOneIsRefused() {
        assertThat(new AlipayConf("", "", "", "", null, "", false, null).offered()).isFalse();
        assertThat(conf(null, "https://pay.example.com/cb", false).offered()).isTrue();
        assertThatThrownBy(() -> new AlipayConf("", "2088000000000001", "", "", null, "", false, null))
                .hasMessageContaining("AppId");
    }
}
