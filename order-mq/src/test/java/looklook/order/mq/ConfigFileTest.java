package looklook.order.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import looklook.order.mq.config.OrderMqConfig;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.events.PaymentPayStatusEvent;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    private static final String MINIMAL = "Name: order-mq\nDevServer:\n  Port: 0\nKafkaConf:\n  Brokers: [127.0.0.1:1]\n"
            + "PaymentUpdateStatusConf:\n  Topic: t\n  Group: g\n"
            + "OrderRpcConf:\n  Endpoints: [127.0.0.1:2]\nPaymentRpcConf:\n  Endpoints: [127.0.0.1:3]\n";

    @Test
    void committedConfig_loads() {
        OrderMqConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/order-mq.yaml"), OrderMqConfig.class,
                ProductionEnv.values());
        assertThat(c.name()).isEqualTo("order-mq");
        assertThat(c.orderRpcConf().app()).isEqualTo("order-mq");
        assertThat(c.paymentRpcConf().token()).isEqualTo("token-order-mq");
        assertThat(c.devServer().port()).isEqualTo(4007);
        assertThat(c.kafkaConf().brokers()).containsExactly("127.0.0.1:19092");
        assertThat(c.paymentUpdateStatusConf().topic()).isEqualTo(PaymentPayStatusEvent.TOPIC);
        assertThat(c.paymentUpdateStatusConf().group()).isEqualTo("order-mq");
        assertThat(c.paymentRpcConf().etcd().key()).isEqualTo("payment.rpc");
        assertThat(c.paymentRpcConf().methodTimeouts()).containsEntry("RefundPayment", 15_000L);
        assertThat(c.paymentUpdateStatusConf().options().dlqTopic()).isEqualTo("payment-update-paystatus-topic-dlq");
        assertThat(c.orderRpcConf().etcd().hosts()).containsExactly("127.0.0.1:12379");
        assertThat(c.orderRpcConf().etcd().key()).isEqualTo("order.rpc");
    }

    @Test
    void committedPolling_keepsTheLoopPollingWithinItsStallLimit() {
        OrderMqConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/order-mq.yaml"), OrderMqConfig.class,
                ProductionEnv.values());
        var o = c.paymentUpdateStatusConf().options();
        // a poll's events are handled for the batch budget, and the last one started may take its longest:
        // a payment for a cancelled order (order-rpc move and detail, then RefundPayment), each at its deadline
        long longestEvent = 2 * c.orderRpcConf().timeout() + c.paymentRpcConf().methodTimeouts().get("RefundPayment");
        Duration betweenPolls = o.batchBudget().plusMillis(longestEvent);
        assertThat(betweenPolls).isLessThan(o.stallLimit()).isLessThan(o.maxPollInterval());
        // an outage's end is noticed within seconds
        assertThat(o.dependencyBackoffMax()).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void environmentOverridesPorts_andRetryKeysHaveDefaults() {
        OrderMqConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/order-mq.yaml"), OrderMqConfig.class,
                ProductionEnv.with(Map.of("LOOKLOOK_KAFKA_PORT", "9", "LOOKLOOK_ETCD_PORT", "7")));
        assertThat(c.kafkaConf().brokers()).isEqualTo(List.of("127.0.0.1:9"));
        assertThat(c.orderRpcConf().etcd().hosts()).containsExactly("127.0.0.1:7");

        OrderMqConfig m = ConfLoader.parse("t", MINIMAL, OrderMqConfig.class, Map.of());
        assertThat(m.paymentUpdateStatusConf().attempts()).isEqualTo(5);
        assertThat(m.paymentUpdateStatusConf().backoffMs()).isEqualTo(200L);
        assertThat(m.paymentUpdateStatusConf().maxPollRecords()).isEqualTo(20);
        assertThat(m.paymentUpdateStatusConf().maxPollIntervalMs()).isEqualTo(300_000L);
        assertThat(m.paymentUpdateStatusConf().stallLimitMs()).isEqualTo(60_000L);
        assertThat(m.paymentUpdateStatusConf().dependencyBackoffMaxMs()).isEqualTo(5_000L);
    }

    @Test
    void badOrMissingKeys_failNamingTheKey() {
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL.replace("  Group: g\n", ""), OrderMqConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("missing required key PaymentUpdateStatusConf.Group");
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL.replace("  Group: g\n", "  Group: g\n  Attempts: 0\n"),
                OrderMqConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("Attempts: 0 (expected 1..12)");
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL.replace("  Group: g\n", "  Group: g\n  BackoffMs: -1\n"),
                OrderMqConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("BackoffMs: -1");
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL.replace("  Group: g\n", "  Group: g\n  StallLimitMs: 5\n"),
                OrderMqConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("PaymentUpdateStatusConf").hasMessageContaining("StallLimitMs: 5");
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL + "Topic: x\n", OrderMqConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("unknown key Topic");
    }
}
