package looklook.usercenter.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.limit.RouteLimitConf;
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
        assertThat(c.redis().host()).isEqualTo("127.0.0.1:16379");
        assertThat(c.rateLimit().scale()).isEqualTo(1L);
        assertThat(c.rateLimit().trustedProxies()).isEmpty();
        assertThat(c.rateLimit().routes()).containsOnlyKeys("/usercenter/v1/user/register", "/usercenter/v1/user/sendSmsCode",
                "/usercenter/v1/user/resetPassword", "/usercenter/v1/user/login", "/usercenter/v1/user/wxMiniAuth",
                "/usercenter/v1/user/refreshToken", "/usercenter/v1/user/logout");
        assertThat(c.rateLimit().routes().get("/usercenter/v1/user/login")).isEqualTo(new RouteLimitConf(30L, null, 300L, false));
        assertThat(c.rateLimit().routes().get("/usercenter/v1/user/wxMiniAuth").failOpen()).isTrue();
    }

    @Test
    void committedConfig_takesScaleAndTrustedProxiesFromTheEnvironment() {
        UsercenterApiConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/usercenter-api.yaml"),
                UsercenterApiConfig.class, ProductionEnv.with(Map.of("LOOKLOOK_RATE_LIMIT_SCALE", "1000",
                        "LOOKLOOK_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7")));
        assertThat(c.rateLimit().scale()).isEqualTo(1000L);
        assertThat(c.rateLimit().trustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.7");
    }
}
