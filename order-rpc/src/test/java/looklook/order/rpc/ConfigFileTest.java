package looklook.order.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import looklook.order.rpc.config.OrderRpcConfig;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    private static final Map<String, String> ENV = ProductionEnv.values();

    @Test
    void committedConfig_loads() {
        OrderRpcConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/order-rpc.yaml"), OrderRpcConfig.class, ENV);
        assertThat(c.listenOn()).isEqualTo("127.0.0.1:2001");
        assertThat(c.etcd().key()).isEqualTo("order.rpc");
        assertThat(c.db().dataSource()).contains("/looklook_order?");
        assertThat(c.devServer().port()).isEqualTo(4004);
        assertThat(c.closeOrderDelay()).isEqualTo(1800L);
        assertThat(c.workerId()).isNull();
        assertThat(c.redis().host()).isEqualTo("127.0.0.1:16379");
        assertThat(c.jobNamespace()).isEqualTo("looklook:{jq}");
        assertThat(c.rpcServer().auth()).isTrue();
        assertThat(c.rpcServer().apps()).containsOnlyKeys("order-api", "payment-api", "order-mq", "mqueue-job", "payment-rpc");
        assertThat(c.rpcServer().reflection()).isFalse();
        assertThat(c.maxUnpaidOrders()).isEqualTo(5);
    }

    @Test
    void committedConfig_takesMaxUnpaidOrdersFromTheEnvironment() {
        // the bench's users create orders without paying them: it runs with no bound
        Map<String, String> env = ProductionEnv.with(Map.of("LOOKLOOK_MAX_UNPAID_ORDERS", "0"));
        OrderRpcConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/order-rpc.yaml"), OrderRpcConfig.class, env);
        assertThat(c.maxUnpaidOrders()).isZero();
    }

    @Test
    void committedConfig_takesCloseOrderDelayFromTheEnvironment() {
        // ./mesh demo runs order-rpc with a short delay through this variable
        Map<String, String> env = ProductionEnv.with(Map.of("LOOKLOOK_CLOSE_ORDER_DELAY", "20"));
        OrderRpcConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/order-rpc.yaml"), OrderRpcConfig.class, env);
        assertThat(c.closeOrderDelay()).isEqualTo(20L);
    }

    @Test
    void workerId_isRequiredWithoutEtcdAndRefusedWithIt() {
        String direct = "Name: order-rpc\nListenOn: 127.0.0.1:0\nDevServer:\n  Port: 0\nDB:\n  DataSource: u:p@tcp(h:1)/d\n"
                + "Redis:\n  Host: 127.0.0.1:1\n";
        assertThat(ConfLoader.parse("t", direct + "WorkerId: 12\n", OrderRpcConfig.class, Map.of()).workerId()).isEqualTo(12);
        assertThatThrownBy(() -> ConfLoader.parse("t", direct, OrderRpcConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("WorkerId: null (expected 0..999 when Etcd is not set)");
        assertThatThrownBy(() -> ConfLoader.parse("t", direct + "WorkerId: 1000\n", OrderRpcConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("WorkerId: 1000");
        String withEtcd = direct + "Etcd:\n  Hosts: [127.0.0.1:1]\n  Key: order.rpc\nWorkerId: 3\n";
        assertThatThrownBy(() -> ConfLoader.parse("t", withEtcd, OrderRpcConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("expected no WorkerId with Etcd");
        assertThatThrownBy(() -> ConfLoader.parse("t", direct + "WorkerId: 1\nCloseOrderDelay: 0\n", OrderRpcConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("CloseOrderDelay: 0 (expected > 0 seconds)");
    }
}
