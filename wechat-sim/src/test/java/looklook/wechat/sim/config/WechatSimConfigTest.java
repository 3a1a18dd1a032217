package looklook.wechat.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import org.junit.jupiter.api.Test;

class WechatSimConfigTest {
    private static final Path FILE = Path.of("../etc/wechat-sim.yaml");

    @Test
    void etcFile_loadsWithDefaultsAndEnvironmentOverrides() {
        WechatSimConfig c = ConfLoader.load(FILE, WechatSimConfig.class, Map.of("LOOKLOOK_WECHAT_KEYS", "/tmp/k",
                "LOOKLOOK_WECHAT_TIME_FACTOR", "0.01"));
        assertThat(c.port()).isEqualTo(8090);
        assertThat(c.devServer().port()).isEqualTo(4010);
        assertThat(c.keyDir()).isEqualTo("/tmp/k");
        assertThat(c.timeFactor()).isEqualTo(0.01);
        assertThat(c.pay().publicKeyId()).startsWith("PUB_KEY_ID_");
        assertThat(c.miniProgram().secret()).isNull();
        assertThat(c.billsReadyAt()).isEqualTo("10:00");
        assertThat(c.strictNotifyUrl()).as("the local mesh is called back on 127.0.0.1").isFalse();
        assertThat(c.pay().refundNotifyUrl()).isNull();
        WechatSimConfig strict = ConfLoader.load(FILE, WechatSimConfig.class, Map.of("LOOKLOOK_WECHAT_STRICT_NOTIFY_URL", "true",
                "LOOKLOOK_WECHAT_REFUND_NOTIFY_URL", "https://pay.example.com/refund"));
        assertThat(strict.strictNotifyUrl()).isTrue();
        assertThat(strict.pay().refundNotifyUrl()).isEqualTo("https://pay.example.com/refund");
        assertThat(ConfLoader.load(FILE, WechatSimConfig.class, Map.of()).keyDir()).isEqualTo(".mesh/wechat");
        assertThat(ConfLoader.load(FILE, WechatSimConfig.class, Map.of("LOOKLOOK_WECHAT_BILLS_READY_AT", "now"))
                .billsReadyAt()).isEqualTo("now");
    }

    @Test
    void badBillsReadyAt_failsNamingTheKey() {
        assertThatThrownBy(() -> ConfLoader.load(FILE, WechatSimConfig.class, Map.of("LOOKLOOK_WECHAT_BILLS_READY_AT", "soon")))
                .isInstanceOf(ConfException.class).hasMessageContaining("BillsReadyAt: soon");
    }

    @Test
    void badTimeFactor_failsNamingTheKey() {
        assertThatThrownBy(() -> ConfLoader.load(FILE, WechatSimConfig.class, Map.of("LOOKLOOK_WECHAT_TIME_FACTOR", "0")))
                .isInstanceOf(ConfException.class).hasMessageContaining("TimeFactor");
    }
}
