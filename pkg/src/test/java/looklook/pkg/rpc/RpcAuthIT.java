package looklook.pkg.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.testing.EchoService;
import looklook.pkg.testing.Reflection;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Caller authentication on a real server on loopback, registered in the shared etcd with the mesh's
 * etcd account and found through it: go-zero's app + token metadata, refused UNAUTHENTICATED.
 */
class RpcAuthIT {
    private static final Map<String, String> APPS = Map.of("order-api", "token-of-order-api", "payment-api", "token-of-payment-api");
    private final String key = TestInfra.unique("auth.rpc");
    private final List<AutoCloseable> open = new ArrayList<>();
    private final EchoService echo = new EchoService(x -> "echo " + x);

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private RpcServer server(boolean reflection) throws Exception {
        RpcServer s = new RpcServer(new RpcServerConf("127.0.0.1:0", TestInfra.etcdConf(key), 2000, Map.of(), true, APPS,
                reflection), new SimpleMeterRegistry(), List.of(echo)).start();
        open.add(s);
        return s;
    }

    private ManagedChannel channel(RpcClientConf conf) {
        ManagedChannel ch = RpcClients.channel(conf, new SimpleMeterRegistry());
        open.add(() -> ch.shutdownNow().awaitTermination(2, TimeUnit.SECONDS));
        return ch;
    }

    private RpcClientConf discovered() {
        return new RpcClientConf(TestInfra.etcdConf(key), null, 2000L, null);
    }

    static Stream<Arguments> refusedCallers() {
        return Stream.of(
                Arguments.of("no credential", null, null),
                Arguments.of("wrong token", "order-api", "token-of-order-apX"),
                Arguments.of("another app's token", "order-api", "token-of-payment-api"),
                Arguments.of("unknown app", "order-mq", "token-of-order-api"),
                Arguments.of("token prefix", "order-api", "token-of-order"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCallers")
    void callWithoutAValidCredential_isRefusedUnauthenticated(String why, String app, String token) throws Exception {
        server(false);
        RpcClientConf conf = app == null ? discovered() : discovered().withCredential(app, token);
        ManagedChannel ch = channel(conf);

        assertThatThrownBy(() -> EchoService.call(ch, "hi")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThat(echo.calls()).as("the handler never ran").isZero();
    }

    @Test
    void callWithItsAppsToken_succeeds() throws Exception {
        server(false);
        ManagedChannel orderApi = channel(discovered().withCredential("order-api", "token-of-order-api"));
        ManagedChannel paymentApi = channel(discovered().withCredential("payment-api", "token-of-payment-api"));

        assertThat(EchoService.call(orderApi, "a")).isEqualTo("echo a");
        assertThat(EchoService.call(paymentApi, "b")).isEqualTo("echo b");
        assertThat(echo.calls()).isEqualTo(2);
    }

    @Test
    void aMethodKeptForSomeCallers_refusesTheOthersPermissionDenied_beforeTheHandlerRuns() throws Exception {
        RpcServer s = new RpcServer(new RpcServerConf("127.0.0.1:0", TestInfra.etcdConf(key), 2000, Map.of(), true, APPS,
                false, Map.of("echo", List.of("payment-api"))), new SimpleMeterRegistry(), List.of(echo)).start();
        open.add(s);
        ManagedChannel orderApi = channel(discovered().withCredential("order-api", "token-of-order-api"));
        ManagedChannel paymentApi = channel(discovered().withCredential("payment-api", "token-of-payment-api"));

        assertThatThrownBy(() -> EchoService.call(orderApi, "a")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(echo.calls()).isZero();
        assertThat(EchoService.call(paymentApi, "b")).isEqualTo("echo b");
        assertThatThrownBy(() -> new RpcServerConf("127.0.0.1:0", null, 2000, Map.of(), true, APPS, false,
                Map.of("echo", List.of("order-mq")))).hasMessageContaining("MethodApps.echo: order-mq");
    }

    @Test
    void healthCheck_needsNoCredential() throws Exception {
        RpcServer s = server(false);
        // what an orchestrator's gRPC probe does: dial the port, no metadata
        ManagedChannel ch = channel(RpcClientConf.direct(List.of("127.0.0.1:" + s.port())));
        HealthCheckResponse h = HealthGrpc.newBlockingStub(ch).check(HealthCheckRequest.getDefaultInstance());
        assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void reflection_isOffByDefault_andOnlyForAuthenticatedCallersWhenOn() throws Exception {
        RpcServer off = server(false);
        ManagedChannel toOff = channel(RpcClientConf.direct(List.of("127.0.0.1:" + off.port()))
                .withCredential("order-api", "token-of-order-api"));
        assertThatThrownBy(() -> Reflection.listServices(toOff)).rootCause().isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));

        RpcServer on = server(true);
        ManagedChannel anonymous = channel(RpcClientConf.direct(List.of("127.0.0.1:" + on.port())));
        assertThatThrownBy(() -> Reflection.listServices(anonymous)).rootCause().isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        ManagedChannel caller = channel(RpcClientConf.direct(List.of("127.0.0.1:" + on.port()))
                .withCredential("payment-api", "token-of-payment-api"));
        assertThat(Reflection.listServices(caller)).contains("grpc.reflection.v1.ServerReflection");
    }

    @Test
    void authWithoutApps_isRefusedAtConfig() {
        assertThatThrownBy(() -> new RpcServerConf("127.0.0.1:0", null, 2000, Map.of(), true, Map.of(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Apps");
        assertThatThrownBy(() -> new RpcServerConf("127.0.0.1:0", null, 2000, Map.of(), true, Map.of("a", " "), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Apps.a");
        assertThatThrownBy(() -> RpcClientConf.direct(List.of("127.0.0.1:1")).withCredential("order-api", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Token");
    }
}
