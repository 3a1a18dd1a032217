package looklook.message.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import looklook.message.mq.config.MessageMqConfig;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    private static final String MINIMAL = """
            Name: message-mq
            DevServer:
              Port: 4009
            KafkaConf:
              Brokers: [127.0.0.1:19092]
            Redis:
              Host: 127.0.0.1:16379
            WxMiniConf:
              AppId: wx8888888888888888
              Secret: s
            """;

    @Test
    void committedConfig_loads() {
        MessageMqConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/message-mq.yaml"), MessageMqConfig.class,
                ProductionEnv.with(Map.of("LOOKLOOK_KAFKA_PORT", "29092", "LOOKLOOK_REDIS_PORT", "26379")));
        assertThat(c.name()).isEqualTo("message-mq");
        assertThat(c.devServer().port()).isEqualTo(4009);
        assertThat(c.kafkaConf().brokers()).containsExactly("127.0.0.1:29092");
        assertThat(c.redis().host()).isEqualTo("127.0.0.1:26379");
        assertThat(c.redis().pass()).isEqualTo("redis-password");
        assertThat(c.wxMiniConf().appId()).isEqualTo("wx0123456789abcdef");
        assertThat(c.wxMiniConf().secret()).isEqualTo("mini-secret");
        assertThat(c.wxMiniConf().endpoint()).isEqualTo("https://api.weixin.qq.com");
        assertThat(c.wxMiniConf().sandbox()).isFalse();
        assertThat(c.miniprogramState()).isEqualTo("developer");
        assertThat(c.queue().topic()).isEqualTo(WxMiniTplMessage.TOPIC);
        assertThat(c.queue().group()).isEqualTo("message-mq");
        assertThat(c.queue().dlqTopic()).isEqualTo("send-wx-mini-tpl-message-dlq");
        assertThat(c.keyPrefix()).isEqualTo("looklook:message-mq:");
    }

    @Test
    void committedConfig_withoutTheMiniSecret_failsNamingIt() {
        Map<String, String> env = new java.util.HashMap<>(ProductionEnv.values());
        env.remove("LOOKLOOK_WX_MINI_SECRET");
        assertThatThrownBy(() -> ConfLoader.load(TestInfra.repoRoot().resolve("etc/message-mq.yaml"), MessageMqConfig.class, env))
                .isInstanceOf(ConfException.class).hasMessageContaining("LOOKLOOK_WX_MINI_SECRET");
    }

    @Test
    void optionalKeys_takeTheirDefaults() {
        MessageMqConfig c = ConfLoader.parse("minimal", MINIMAL, MessageMqConfig.class, Map.of());
        assertThat(c.miniprogramState()).isEqualTo("formal");
        assertThat(c.queue().topic()).isEqualTo(WxMiniTplMessage.TOPIC);
        assertThat(c.queue().group()).isEqualTo("message-mq");
        assertThat(c.queue().attempts()).isEqualTo(8);
        assertThat(c.queue().backoffBase().toMillis()).isEqualTo(500);
        assertThat(c.queue().maxPollRecords()).isEqualTo(20);
        assertThat(c.queue().maxPollInterval().toMillis()).isEqualTo(300_000);
        assertThat(c.queue().stallLimit().toMillis()).isEqualTo(60_000);
        assertThat(c.queue().dependencyBackoffMax().toMillis()).isEqualTo(5_000);
        assertThat(c.keyPrefix()).isEqualTo("looklook:message-mq:");
    }

    @Test
    void badConsumerKey_failsNamingIt() {
        assertThatThrownBy(() -> ConfLoader.parse("bad", MINIMAL + "MaxPollRecords: 0\n", MessageMqConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("MaxPollRecords: 0");
    }

    @Test
    void unknownMiniprogramState_failsNamingTheKey() {
        assertThatThrownBy(() -> ConfLoader.parse("bad", MINIMAL + "MiniprogramState: production\n", MessageMqConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("MiniprogramState: production");
    }
}
