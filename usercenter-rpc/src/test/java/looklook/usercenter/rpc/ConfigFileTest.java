package looklook.usercenter.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.testing.TestInfra;
import looklook.usercenter.rpc.config.UsercenterRpcConfig;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    @Test
    void committedConfig_loadsWithGeneratedSecrets() {
        UsercenterRpcConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/usercenter-rpc.yaml"),
                UsercenterRpcConfig.class,
                ProductionEnv.with(Map.of("LOOKLOOK_SANDBOX", "true", "LOOKLOOK_WECHAT_BASE_URL", "http://127.0.0.1:8090")));
        assertThat(c.listenOn()).isEqualTo("127.0.0.1:2004");
        assertThat(c.etcd().key()).isEqualTo("usercenter.rpc");
        assertThat(c.db().dataSource()).contains("/looklook_usercenter?");
        assertThat(c.devServer().port()).isEqualTo(4002);
        assertThat(c.rpcServer().apps()).containsOnlyKeys("usercenter-api", "payment-api", "mqueue-job");
        assertThat(c.jwtAuth().accessExpire()).isEqualTo(7200);
        assertThat(c.jwtAuth().issuer()).isEqualTo("looklook-usercenter");
        assertThat(c.jwtAuth().audience()).isEqualTo("looklook-api");
        assertThat(c.redis().host()).isEqualTo("127.0.0.1:16379");
        assertThat(c.sms().provider()).isEqualTo("sandbox");
        assertThat(c.sms().baseUrl()).isEqualTo("http://127.0.0.1:8090");
    }

    @Test
    void committedConfig_refusesTheSandboxSmsProviderOutsideTheSandbox() {
        // the simulator's inbox would hand every sign-up code to whoever can reach it
        assertThatThrownBy(() -> ConfLoader.load(TestInfra.repoRoot().resolve("etc/usercenter-rpc.yaml"),
                UsercenterRpcConfig.class, ProductionEnv.with(Map.of("LOOKLOOK_WECHAT_BASE_URL", "http://127.0.0.1:8090"))))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("Sms.Sandbox: true");
    }
}
