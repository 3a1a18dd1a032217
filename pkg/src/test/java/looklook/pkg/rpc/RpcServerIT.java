package looklook.pkg.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.testing.EchoService;
import looklook.pkg.testing.Forks;
import looklook.pkg.testing.Reflection;
import looklook.pkg.testing.RegisteredEchoMain;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RpcServerIT {
    private static final List<String> HOSTS = TestInfra.etcdHosts();
    private static final Client ETCD = looklook.pkg.discovery.EtcdClients.newClient(HOSTS);
    private final String key = TestInfra.unique("test.rpc");
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @AfterAll
    static void closeEtcd() {
        ETCD.close();
    }

    private RpcServer server(UnaryOperator<String> body) throws Exception {
        return server(new EchoService(body));
    }

    private RpcServer server(EchoService svc) throws Exception {
        RpcServer s = new RpcServer(new RpcServerConf("127.0.0.1:0", new EtcdConf(HOSTS, key), 2000),
                new SimpleMeterRegistry(), List.of(svc)).start();
        open.add(s);
        return s;
    }

    private ManagedChannel channel(RpcClientConf conf) {
        ManagedChannel ch = RpcClients.channel(conf, new SimpleMeterRegistry());
        open.add(() -> ch.shutdownNow().awaitTermination(2, TimeUnit.SECONDS));
        return ch;
    }

    private ManagedChannel etcdChannel() {
        return channel(RpcClientConf.etcd(HOSTS, key));
    }

    private static List<KeyValue> registered(String prefix) throws Exception {
        return ETCD.getKVClient().get(bytes(prefix + "/"), GetOption.builder().isPrefix(true).build())
                .get(5, TimeUnit.SECONDS).getKvs();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Test
    void start_registersInGoZeroFormatUnderALeaseAndCloseRevokesIt() throws Exception {
        RpcServer s = server(x -> x);

        List<KeyValue> kvs = registered(key);
        assertThat(kvs).hasSize(1);
        String k = kvs.get(0).getKey().toString(StandardCharsets.UTF_8);
        assertThat(k).matches(java.util.regex.Pattern.quote(key) + "/\\d+");
        assertThat(kvs.get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("127.0.0.1:" + s.port());
        long leaseId = Long.parseLong(k.substring(key.length() + 1));
        assertThat(kvs.get(0).getLease()).isEqualTo(leaseId);
        long ttl = ETCD.getLeaseClient().timeToLive(leaseId, io.etcd.jetcd.options.LeaseOption.DEFAULT)
                .get(5, TimeUnit.SECONDS).getTTL();
        assertThat(ttl).isBetween(1L, 10L);

        s.close();
        assertThat(registered(key)).isEmpty();
    }

    @Test
    void deletedKey_isPutBack() throws Exception {
        RpcServer s = server(x -> x);
        ETCD.getKVClient().delete(bytes(s.registeredKey())).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(registered(key)).hasSize(1));
        assertThat(registered(key).get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("127.0.0.1:" + s.port());
    }

    @Test
    void twoReplicas_bothReceiveCalls() throws Exception {
        EchoService a = new EchoService(x -> "a");
        EchoService b = new EchoService(x -> "b");
        server(a);
        server(b);
        ManagedChannel ch = etcdChannel();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (int i = 0; i < 10; i++) {
                EchoService.call(ch, "x");
            }
            assertThat(a.calls()).isPositive();
            assertThat(b.calls()).isPositive();
        });
    }

    @Test
    void client_keepsWorkingWhenItsServerRestartsOnAnotherPort() throws Exception {
        RpcServer first = server(x -> "first");
        ManagedChannel ch = etcdChannel();
        assertThat(EchoService.call(ch, "x")).isEqualTo("first");
        int oldPort = first.port();

        first.close();
        RpcServer second = server(x -> "second");
        assertThat(second.port()).isNotEqualTo(oldPort);

        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> EchoService.call(ch, "x").equals("second"));
        for (int i = 0; i < 20; i++) {
            assertThat(EchoService.call(ch, "x")).isEqualTo("second");
        }
    }

    @Test
    void killedServer_keyDisappearsWithinTheLease(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("forked.log");
        Process p = Forks.java(RegisteredEchoMain.class, log, String.join(",", HOSTS), key);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("READY"));
            assertThat(registered(key)).hasSize(1);

            p.destroyForcibly(); // SIGKILL: no shutdown hook, no revoke
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
            long killedAt = System.nanoTime();
            assertThat(registered(key)).as("the lease outlives the process for a while").hasSize(1);

            await().atMost(Duration.ofSeconds(14)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(registered(key)).isEmpty());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
            assertThat(seconds).isLessThanOrEqualTo(11);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void bizException_travelsAsStandardStatusPlusCodeTrailer() throws Exception {
        server(x -> {
            throw new BizException(ErrorCode.USER_NOT_FOUND, "user 9 not found");
        });
        ManagedChannel ch = etcdChannel();

        assertThatThrownBy(() -> EchoService.call(ch, "x")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getTrailers().get(BizStatus.BIZ_CODE)).isEqualTo("110003");
        });
        assertThatThrownBy(() -> RpcCalls.call(() -> EchoService.call(ch, "x")))
                .isInstanceOfSatisfying(BizException.class, e -> {
                    assertThat(e.code()).isEqualTo(110003);
                    assertThat(e.userMessage()).isEqualTo("user 9 not found");
                });
    }

    @Test
    void unexpectedException_isInternalWithoutItsDetails() throws Exception {
        server(x -> {
            throw new IllegalStateException("jdbc password=hunter2");
        });
        ManagedChannel ch = etcdChannel();
        assertThatThrownBy(() -> EchoService.call(ch, "x")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
            assertThat(e.getStatus().getDescription()).doesNotContain("hunter2");
        });
        assertThatThrownBy(() -> RpcCalls.call(() -> EchoService.call(ch, "x")))
                .isInstanceOfSatisfying(BizException.class, e -> assertThat(e.code()).isEqualTo(100001));
    }

    @Test
    void clientDeadline_defaultsToTimeoutAndCanBeRaisedPerMethod() throws Exception {
        server(x -> {
            try {
                Thread.sleep(Long.parseLong(x));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "slept " + x;
        });
        ManagedChannel tight = channel(new RpcClientConf(new EtcdConf(HOSTS, key), null, 300L, Map.of()));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> RpcCalls.call(() -> EchoService.call(tight, "1500")))
                .isInstanceOfSatisfying(BizException.class, e -> {
                    assertThat(e.code()).isEqualTo(100001);
                    assertThat(e.getMessage()).contains("DEADLINE_EXCEEDED");
                });
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1200);

        ManagedChannel perMethod = channel(new RpcClientConf(new EtcdConf(HOSTS, key), null, 300L, Map.of("echo", 3000L)));
        assertThat(EchoService.call(perMethod, "600")).isEqualTo("slept 600");
    }

    @Test
    void serverTimeout_answersDeadlineExceededAndCancelsTheHandlersContext() throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> handlerSawCancel = new java.util.concurrent.CompletableFuture<>();
        RpcServer s = new RpcServer(new RpcServerConf("127.0.0.1:0", null, 300), new SimpleMeterRegistry(),
                List.of(new EchoService(x -> {
                    if (!x.equals("slow")) {
                        return "quick " + x;
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    handlerSawCancel.complete(io.grpc.Context.current().isCancelled());
                    return "too late";
                }))).start();
        open.add(s);
        ManagedChannel ch = channel(RpcClientConf.direct(List.of("127.0.0.1:" + s.port())));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> EchoService.call(ch, "slow")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 900L);
        assertThat(handlerSawCancel.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(EchoService.call(ch, "after")).as("the server still serves").isEqualTo("quick after");
    }

    @Test
    void serverTimeout_canBeRaisedPerMethod_soALongMethodIsNotCutWhileItsClientWaits() throws Exception {
        RpcServer s = new RpcServer(new RpcServerConf("127.0.0.1:0", null, 300, Map.of("echo", 3000L)),
                new SimpleMeterRegistry(), List.of(new EchoService(x -> {
                    try {
                        Thread.sleep(Long.parseLong(x));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "slept " + x;
                }))).start();
        open.add(s);
        ManagedChannel ch = channel(new RpcClientConf(null, List.of("127.0.0.1:" + s.port()), 5000L, Map.of()));
        assertThat(EchoService.call(ch, "800")).as("past the server's default 300 ms").isEqualTo("slept 800");
    }

    @Test
    void databaseUnreachable_is100005_whichCallersWaitOut() throws Exception {
        server(x -> {
            throw new IllegalStateException("jdbi", new java.sql.SQLTransientConnectionException("pool timed out, password=hunter2"));
        });
        ManagedChannel ch = etcdChannel();
        assertThatThrownBy(() -> RpcCalls.call(() -> EchoService.call(ch, "x"))).isInstanceOfSatisfying(BizException.class, e -> {
            assertThat(e.code()).isEqualTo(100005);
            assertThat(e.getMessage()).doesNotContain("hunter2");
        });
    }

    @Test
    void directEndpoints_andHealthService() throws Exception {
        RpcServer s = server(x -> "direct " + x);
        ManagedChannel ch = channel(RpcClientConf.direct(List.of("127.0.0.1:" + s.port())));
        assertThat(EchoService.call(ch, "hi")).isEqualTo("direct hi");
        HealthCheckResponse h = HealthGrpc.newBlockingStub(ch).check(HealthCheckRequest.newBuilder().setService("test.Echo").build());
        assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        // reflection is off unless configured (RpcAuthIT turns it on)
        assertThatThrownBy(() -> Reflection.listServices(ch)).hasRootCauseInstanceOf(StatusRuntimeException.class)
                .rootCause().hasMessageContaining("UNIMPLEMENTED");
    }

    @Test
    void noServerRegistered_isAClearUnavailableError() {
        ManagedChannel ch = etcdChannel();
        assertThatThrownBy(() -> EchoService.call(ch, "x")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).contains(key);
        });
    }
}
