package looklook.mqueue.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import looklook.mqueue.job.config.MqueueJobConfig;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    private static final String MINIMAL = """
            Name: mqueue-job
            DevServer:
              Port: 0
            Redis:
              Host: 127.0.0.1:1
            KafkaConf:
              Brokers: [127.0.0.1:2]
            OrderRpcConf:
              Endpoints: [127.0.0.1:3]
            PaymentRpcConf:
              Endpoints: [127.0.0.1:4]
            UsercenterRpcConf:
              Endpoints: [127.0.0.1:5]
            WxMini:
              OrderPaySuccessTemplateId: a
              CheckInTemplateId: b
              Page: p
            Scheduler: {}
            """;

    @Test
    void committedConfig_loads() {
        MqueueJobConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/mqueue-job.yaml"), MqueueJobConfig.class,
                ProductionEnv.values());
        assertThat(c.name()).isEqualTo("mqueue-job");
        assertThat(c.devServer().port()).isEqualTo(4008);
        assertThat(c.redis().host()).isEqualTo("127.0.0.1:16379");
        assertThat(c.jobNamespace()).isEqualTo("looklook:{jq}");
        assertThat(c.concurrency()).isEqualTo(8);
        assertThat(c.kafkaConf().brokers()).containsExactly("127.0.0.1:19092");
        assertThat(c.tplMessageTopic()).isEqualTo("send-wx-mini-tpl-message");
        assertThat(c.orderRpcConf().etcd().key()).isEqualTo("order.rpc");
        assertThat(c.orderRpcConf().etcd().hosts()).isEqualTo(List.of("127.0.0.1:12379"));
        assertThat(c.paymentRpcConf().etcd().key()).isEqualTo("payment.rpc");
        assertThat(c.paymentRpcConf().methodTimeouts()).containsKeys("SettleOrderPayments", "ReconcileWaitingPayments");
        assertThat(c.usercenterRpcConf().etcd().key()).isEqualTo("usercenter.rpc");
        assertThat(c.usercenterRpcConf().app()).isEqualTo("mqueue-job");
        assertThat(c.redis().pass()).isEqualTo("redis-password");
        assertThat(c.wxMini().orderPaySuccessTemplateId()).isNotBlank();
        assertThat(c.wxMini().checkInTemplateId()).isNotBlank();
        assertThat(c.wxMini().page()).isEqualTo("pages/order/detail");
        assertThat(c.scheduler().lockTtl()).isEqualTo(10L);
        assertThat(c.scheduler().reconcileEvery()).isEqualTo(60L);
        assertThat(c.scheduler().expireEvery()).isEqualTo(3600L);
        assertThat(c.scheduler().reconcileOlderThan()).isEqualTo(120L);
        assertThat(c.scheduler().reconcileLimit()).isEqualTo(100L);
    }

    @Test
    void defaults_applyWhenKeysAreLeftOut() {
        MqueueJobConfig c = ConfLoader.parse("t", MINIMAL, MqueueJobConfig.class, Map.of());
        assertThat(c.jobNamespace()).isEqualTo("looklook:{jq}");
        assertThat(c.concurrency()).isEqualTo(8);
        assertThat(c.scheduler().reconcileEvery()).isEqualTo(60L);
        assertThat(c.scheduler().lockTtl()).isEqualTo(10L);
    }

    @Test
    void badValues_failNamingTheKey() {
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL + "Concurrency: 0\n", MqueueJobConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("Concurrency: 0 (expected 1..256)");
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL.replace("Scheduler: {}", "Scheduler:\n  ReconcileEvery: 0"),
                MqueueJobConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("ReconcileEvery: 0 (expected >= 1 second)");
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL.replace("  CheckInTemplateId: b\n", ""), MqueueJobConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("CheckInTemplateId");
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL + "ListenOn: 127.0.0.1:1\n", MqueueJobConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("unknown key");
    }
}
