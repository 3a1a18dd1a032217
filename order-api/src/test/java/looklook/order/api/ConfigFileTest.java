package looklook.order.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import looklook.order.api.config.OrderApiConfig;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.limit.RouteLimitConf;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    @Test
    void committedConfig_loads() {
        OrderApiConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/order-api.yaml"),
                OrderApiConfig.class, ProductionEnv.values());
        assertThat(c.port()).isEqualTo(1001);
        assertThat(c.devServer().port()).isEqualTo(4003);
        assertThat(c.maxBytes()).isEqualTo(1 << 20);
        assertThat(c.orderRpcConf().etcd().key()).isEqualTo("order.rpc");
        assertThat(c.orderRpcConf().timeout()).isEqualTo(2000L);
        assertThat(c.redis().host()).isEqualTo("127.0.0.1:16379");
        assertThat(c.rateLimit().routes()).containsOnlyKeys("/order/v1/homestayOrder/createHomestayOrder",
                "/order/v1/homestayOrder/checkIn");
        assertThat(c.rateLimit().routes().get("/order/v1/homestayOrder/checkIn"))
                .as("code guesses: refused while Redis cannot count").isEqualTo(new RouteLimitConf(60L, 10L, 60L, false));
        assertThat(c.rateLimit().routes().get("/order/v1/homestayOrder/createHomestayOrder"))
                .isEqualTo(new RouteLimitConf(120L, 10L, 60L, true));
    }
}
