package looklook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's round-trip counts read the servers' own counters and divide by the operations. */
class HopsTest {
    @Test
    void grpcCalls_sumsEveryServedMethod_butTheHealthChecks() {
        String page = """
                # TYPE grpc_server_processing_duration_seconds summary
                grpc_server_processing_duration_seconds_count{method="Check",methodType="UNARY",service="grpc.health.v1.Health",statusCode="OK"} 40.0
                grpc_server_processing_duration_seconds_sum{method="CreatePayment",methodType="UNARY",service="payment.payment",statusCode="OK"} 1.5
                grpc_server_processing_duration_seconds_count{method="CreatePayment",methodType="UNARY",service="payment.payment",statusCode="OK"} 1383.0
                grpc_server_processing_duration_seconds_count{method="CreatePayment",methodType="UNARY",service="payment.payment",statusCode="NOT_FOUND"} 2.0
                grpc_server_processing_duration_seconds_count{method="MarkPrepaid",methodType="UNARY",service="payment.payment",statusCode="OK"} 1.2E3
                """;

        assertThat(Hops.grpcCalls(page)).isEqualTo(1383 + 2 + 1200);
    }

    @Test
    void devPort_isTheDevServersPort_ofTheYaml() {
        String yaml = "Name: payment-rpc\nListenOn: 127.0.0.1:2002\nDevServer:\n  Port: 4006\nTimeout: 2000\n";

        assertThat(Hops.devPort(yaml, "payment-rpc")).isEqualTo(4006);
        assertThatThrownBy(() -> Hops.devPort("Name: x\nListenOn: 127.0.0.1:2002\n", "x")).hasMessageContaining("DevServer");
    }

    @Test
    void line_dividesEachCounterByTheOperations_orSaysWhyNot() {
        Hops.Snapshot before = new Hops.Snapshot(Map.of("db_statements", 100L, "db_commits", 10L, "redis_commands", 1000L,
                "usercenter-rpc", 0L, "order-rpc", 50L, "payment-rpc", 60L), null);
        Hops.Snapshot after = new Hops.Snapshot(Map.of("db_statements", 140L, "db_commits", 13L, "redis_commands", 1080L,
                "usercenter-rpc", 2L, "order-rpc", 55L, "payment-rpc", 66L), null);

        assertThat(Hops.line("purchase", before, after, 2)).isEqualTo("hops purchase db_statements/op=20.00 db_commits/op=1.50 "
                + "redis_commands/op=40.00 grpc_calls/op=6.50 (usercenter-rpc 1.00, order-rpc 2.50, payment-rpc 3.00)");
        assertThat(Hops.line("purchase", new Hops.Snapshot(Map.of(), "redis down"), after, 2))
                .isEqualTo("hops purchase not counted: redis down");
        assertThat(Hops.line("purchase", before, after, 0)).isEqualTo("hops purchase not counted: no operation");
    }
}
