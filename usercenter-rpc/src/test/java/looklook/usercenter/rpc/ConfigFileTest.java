package looklook.usercenter.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.testing.TestInfra;
import looklook.usercenter.rpc.config.UsercenterRpcConfig;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    @Test
    void committedConfig_loadsWithGeneratedSecrets() {
        UsercenterRpcConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/usercenter-rpc.yaml"),
                UsercenterRpcConfig.class,
                Map.of("LOOKLOOK_DB_PASSWORD", "pw", "LOOKLOOK_JWT_SECRET", "0123456789abcdef0123456789abcdef"));
        assertThat(c.listenOn()).isEqualTo("127.0.0.1:2004");
        assertThat(c.etcd().key()).isEqualTo("usercenter.rpc");
        assertThat(c.db().dataSource()).contains("/looklook_usercenter?");
        assertThat(c.devServer().port()).isEqualTo(4002);
        assertThat(c.jwtAuth().accessExpire()).isEqualTo(7200);
        assertThat(c.jwtAuth().issuer()).isEqualTo("looklook-usercenter");
        assertThat(c.jwtAuth().audience()).isEqualTo("looklook-api");
        assertThat(c.redis().host()).isEqualTo("127.0.0.1:16379");
        assertThat(c.sms().provider()).isEqualTo("sandbox");
    }
}
