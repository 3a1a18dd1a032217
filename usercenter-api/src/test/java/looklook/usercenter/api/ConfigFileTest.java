package looklook.usercenter.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.testing.TestInfra;
import looklook.usercenter.api.config.UsercenterApiConfig;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    @Test
    void committedConfig_loads() {
        UsercenterApiConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/usercenter-api.yaml"),
                UsercenterApiConfig.class, ProductionEnv.values());
        assertThat(c.port()).isEqualTo(1004);
        assertThat(c.maxBytes()).isEqualTo(1 << 20);
        assertThat(c.usercenterRpcConf().etcd().key()).isEqualTo("usercenter.rpc");
        assertThat(c.usercenterRpcConf().timeout()).isEqualTo(2000L);
        assertThat(c.usercenterRpcConf().app()).isEqualTo("usercenter-api");
        assertThat(c.usercenterRpcConf().token()).isEqualTo("token-usercenter-api");
        assertThat(c.usercenterRpcConf().etcd().user()).isEqualTo("looklook");
        assertThat(c.wxMiniConf().endpoint()).isEqualTo("https://api.weixin.qq.com");
        assertThat(c.wxMiniConf().sandbox()).isFalse();
    }
}
