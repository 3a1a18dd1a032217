package looklook.pkg.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfLoaderTest {
    record Conf(String name, String listenOn, EtcdConf etcd, @JsonProperty("DB") DbConf db,
                JwtAuthConf jwtAuth, RpcClientConf usercenterRpcConf, @OptionalKey String mode) {
    }

    private static final String GOOD = """
            Name: usercenter-rpc
            ListenOn: 127.0.0.1:${PORT:2004}
            Etcd:
              Hosts:
                - 127.0.0.1:${ETCD_PORT}
              Key: usercenter.rpc
            DB:
              DataSource: looklook:${DB_PASSWORD}@tcp(127.0.0.1:13306)/looklook_usercenter
            JwtAuth:
              AccessSecret: ${SECRET}
              AccessExpire: 31536000
            UsercenterRpcConf:
              Endpoints: [127.0.0.1:2004]
            """;

    private static final Map<String, String> ENV = Map.of(
            "ETCD_PORT", "12379", "DB_PASSWORD", "p@ss$word", "SECRET", "0123456789abcdef0123456789abcdef");

    @Test
    void load_bindsGoZeroKeysAndExpandsEnvironment() {
        Conf c = ConfLoader.parse("t.yaml", GOOD, Conf.class, ENV);

        assertThat(c.name()).isEqualTo("usercenter-rpc");
        assertThat(c.listenOn()).isEqualTo("127.0.0.1:2004");
        assertThat(c.etcd().hosts()).containsExactly("127.0.0.1:12379");
        assertThat(c.etcd().key()).isEqualTo("usercenter.rpc");
        assertThat(c.db().dataSource()).isEqualTo("looklook:p@ss$word@tcp(127.0.0.1:13306)/looklook_usercenter");
        assertThat(c.db().maxPoolSize()).isEqualTo(10);
        assertThat(c.jwtAuth().accessExpire()).isEqualTo(31536000L);
        assertThat(c.usercenterRpcConf().timeout()).isEqualTo(2000L);
        assertThat(c.mode()).isNull();
    }

    @Test
    void load_environmentOverridesDefault() {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("PORT", "2999");
        assertThat(ConfLoader.parse("t.yaml", GOOD, Conf.class, env).listenOn()).isEqualTo("127.0.0.1:2999");
    }

    @Test
    void load_unknownKeyIsNamedWithItsPath() {
        String yaml = GOOD.replace("  Key: usercenter.rpc", "  Key: usercenter.rpc\n  Hostz: [x]");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", yaml, Conf.class, ENV))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("t.yaml: unknown key Etcd.Hostz")
                .hasMessageContaining("Hosts");
    }

    @Test
    void load_keyWrittenTwiceIsRefused() {
        String yaml = GOOD + "Etcd:\n  Hosts: [127.0.0.1:1]\n  Key: other\n";
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", yaml, Conf.class, ENV))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("t.yaml")
                .hasMessageContaining("Duplicate field 'Etcd'");
    }

    @Test
    void load_missingKeyIsNamedWithItsPath() {
        String yaml = GOOD.replace("  Key: usercenter.rpc\n", "");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", yaml, Conf.class, ENV))
                .isInstanceOf(ConfException.class)
                .hasMessage("t.yaml: missing required key Etcd.Key");
    }

    @Test
    void load_missingTopLevelBlockIsNamed() {
        String yaml = GOOD.replace("JwtAuth:\n  AccessSecret: ${SECRET}\n  AccessExpire: 31536000\n", "");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", yaml, Conf.class, ENV))
                .hasMessage("t.yaml: missing required key JwtAuth");
    }

    @Test
    void load_wrongTypeIsNamed() {
        String yaml = GOOD.replace("AccessExpire: 31536000", "AccessExpire: a year");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", yaml, Conf.class, ENV))
                .hasMessageContaining("bad value for key JwtAuth.AccessExpire");
    }

    @Test
    void load_recordCheckFailureNamesKeyAndRule() {
        String yaml = GOOD.replace("AccessSecret: ${SECRET}", "AccessSecret: short");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", yaml, Conf.class, ENV))
                .hasMessageContaining("JwtAuth")
                .hasMessageContaining("expected at least 32");
    }

    @Test
    void load_unsetVariableWithoutDefaultIsNamed() {
        Map<String, String> env = Map.of("ETCD_PORT", "1", "DB_PASSWORD", "x");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", GOOD, Conf.class, env))
                .hasMessageContaining("environment variable SECRET is not set");
    }

    @Test
    void rpcClientConf_needsEtcdOrEndpoints() {
        String yaml = GOOD.replace("  Endpoints: [127.0.0.1:2004]", "  Timeout: 500");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", yaml, Conf.class, ENV))
                .hasMessageContaining("UsercenterRpcConf")
                .hasMessageContaining("needs Etcd (Hosts, Key) or Endpoints");
    }

    @Test
    void fromArgs_rejectsUnknownArguments() {
        assertThatThrownBy(() -> ConfLoader.fromArgs(new String[] {"--config", "x"}, "etc/a.yaml", Conf.class))
                .hasMessageContaining("unknown argument --config");
        assertThatThrownBy(() -> ConfLoader.fromArgs(new String[] {"-f", "/nonexistent.yaml"}, "etc/a.yaml", Conf.class))
                .hasMessageContaining("/nonexistent.yaml: cannot read config file");
    }
}
