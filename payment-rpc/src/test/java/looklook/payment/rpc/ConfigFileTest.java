package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import looklook.payment.rpc.config.PaymentRpcConfig;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.refund.CancellationPolicy;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    @Test
    void aWeChatOnlyDeployment_withoutAlipayVariables_loadsWithAlipayNotOffered() {
        Map<String, String> env = new java.util.HashMap<>(ProductionEnv.values());
        env.keySet().removeIf(k -> k.startsWith("LOOKLOOK_ALIPAY_"));
        PaymentRpcConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/payment-rpc.yaml"), PaymentRpcConfig.class, env);
        assertThat(c.alipayConf().offered()).isFalse();
    }

    @Test
    void committedConfig_loads() {
        PaymentRpcConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/payment-rpc.yaml"), PaymentRpcConfig.class,
                ProductionEnv.with(Map.of("LOOKLOOK_KAFKA_PORT", "29092")));
        assertThat(c.listenOn()).isEqualTo("127.0.0.1:2002");
        assertThat(c.etcd().key()).isEqualTo("payment.rpc");
        assertThat(c.db().dataSource()).contains("/looklook_payment?");
        assertThat(c.devServer().port()).isEqualTo(4006);
        assertThat(c.kafkaConf().brokers()).containsExactly("127.0.0.1:29092");
        assertThat(c.workerId()).isNull();
        assertThat(c.rpcServer().auth()).isTrue();
        assertThat(c.rpcServer().apps()).containsOnlyKeys("payment-api", "order-mq", "mqueue-job", "ops");
        assertThat(c.rpcServer().methodApps()).containsEntry("RefundPayment", java.util.List.of("order-mq", "ops"))
                .containsEntry("CancelBooking", java.util.List.of("payment-api"))
                .containsEntry("MarkPrepaid", java.util.List.of("payment-api"))
                .containsEntry("ApplyAbnormalRefund", java.util.List.of("ops"));
        assertThat(c.refundSpacingMs()).isEqualTo(61_000);
        assertThat(c.rpcServer().reflection()).isFalse();
        assertThat(c.etcd().pass()).isEqualTo("etcd-password");
        assertThat(c.wxPayConf().endpoint()).isEqualTo("https://api.mch.weixin.qq.com");
        assertThat(c.wxPayConf().sandbox()).isFalse();
        assertThat(c.notifyRetentionDays()).isEqualTo(30);
        assertThat(c.orderRpcConf().etcd().key()).isEqualTo("order.rpc");
        assertThat(c.orderRpcConf().app()).isEqualTo("payment-rpc");
        assertThat(c.orderRpcConf().token()).isEqualTo("token-payment-rpc");
        assertThat(c.cancellationPolicy()).as("the file spells out the default").isEqualTo(CancellationPolicy.DEFAULT);
    }
}
