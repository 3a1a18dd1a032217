package looklook.usercenter.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.testing.TestInfra;
import looklook.usercenter.api.config.UsercenterApiConfig;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    @Test
    void committedConfig_loads() {
        UsercenterApiConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/usercenter-api.yaml"),
                UsercenterApiConfig.class, Map.of("LOOKLOOK_JWT_SECRET", "0123456789abcdef0123456789abcdef", "LOOKLOOK_WX_MINI_SECRET", "s"));
        assertThat(c.port()).isEqualTo(1004);
        assertThat(c.maxBytes()).isEqualTo(1 << 20);
        assertThat(c.usercenterRpcConf().etcd().key()).isEqualTo("usercenter.rpc");
        assertThat(c.usercenterRpcConf().timeout()).isEqualTo(2000L);
        assertThat(c.wxMiniConf().endpoint()).isEqualTo("http://127.0.0.1:8090");
    }
}
