package looklook.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.testing.PrivateKafka;
import looklook.pkg.testing.PrivateRedis;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.SandboxProcess;

/**
 * The whole mesh as {@code ./mesh up} runs it: every process from its jar with its committed config,
 * changed only where a test must own its resources (free ports, fresh databases, unique etcd keys,
 * rpc tokens) and where it tunes a delay; like {@code ./mesh}'s dev configuration it turns the WeChat
 * sandbox on. Kafka and Redis (with a password) are the test's own servers, so that it may crash and
 * restart them; MariaDB and etcd (with the account of {@code .mesh/env}) are the shared ones of
 * {@code ./mesh infra}.
 */
final class TestMesh implements AutoCloseable {
    /**
     * Seconds: when an unpaid order closes, how often and after how long waiting payments are
     * reconciled, and how long after its time_expire a payment WeChat never heard of is given up.
     */
    record Options(long closeOrderDelay, long reconcileEvery, long reconcileOlderThan, long expiryGrace) {
        Options(long closeOrderDelay, long reconcileEvery, long reconcileOlderThan) {
            this(closeOrderDelay, reconcileEvery, reconcileOlderThan, 60);
        }
    }

    /** Started first, side by side: everything else calls them at startup. */
    private static final List<String> RPCS = List.of("usercenter-rpc", "order-rpc", "payment-rpc");
    private static final List<String> EDGE = List.of("usercenter-api", "order-api", "payment-api", "order-mq", "mqueue-job",
            "message-mq");
    /** The committed serving and side ports of each process, replaced by free ones. */
    private static final Map<String, int[]> COMMITTED_PORTS = Map.of("usercenter-rpc", new int[] {2004, 4002},
            "usercenter-api", new int[] {1004, 4001}, "order-rpc", new int[] {2001, 4004}, "order-api", new int[] {1001, 4003},
            "payment-rpc", new int[] {2002, 4006}, "payment-api", new int[] {1002, 4005}, "order-mq", new int[] {0, 4007},
            "mqueue-job", new int[] {0, 4008}, "message-mq", new int[] {0, 4009}, "checkout-web", new int[] {8080, 4011});
    private static final Map<String, String> DATABASES = Map.of("usercenter-rpc", "looklook_usercenter", "order-rpc",
            "looklook_order", "payment-rpc", "looklook_payment");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final SandboxProcess.Running sim;
    final PrivateRedis redis;
    final PrivateKafka kafka;
    private final Path dir;
    private final Map<String, String> env;
    private final Map<String, String> yaml = new ConcurrentHashMap<>();
    private final Map<String, Integer> port = new ConcurrentHashMap<>();
    private final Map<String, Integer> devPort = new ConcurrentHashMap<>();
    private final Map<String, MeshProcess> running = new ConcurrentHashMap<>();
    private final Map<String, MysqlDsn> databases = new ConcurrentHashMap<>();

    private TestMesh(Path dir, SandboxProcess.Running sim, PrivateRedis redis, PrivateKafka kafka, Map<String, String> env) {
        this.dir = dir;
        this.sim = sim;
        this.redis = redis;
        this.kafka = kafka;
        this.env = env;
    }

    /**
     * Starts the simulator, the private servers and the nine processes; everything lives under {@code dir}.
     * The checkout page is the tenth, started by the tests that need it ({@link #startCheckoutWeb()}).
     */
    static TestMesh start(Path dir, Options o) throws Exception {
        CompletableFuture<SandboxProcess.Running> sim = async(() -> SandboxProcess.start(sub(dir, "sim"), 0.01));
        CompletableFuture<PrivateRedis> redis = async(() -> PrivateRedis.start(sub(dir, "redis")));
        CompletableFuture<PrivateKafka> kafka = async(() -> PrivateKafka.start(sub(dir, "kafka")));
        CompletableFuture.allOf(sim, redis, kafka).exceptionally(e -> null).join();
        Map<String, String> env = new HashMap<>(TestInfra.env());
        TestMesh mesh = new TestMesh(dir, sim.join(), redis.join(), kafka.join(), env);
        try {
            mesh.configure(o);
            mesh.startAll(RPCS);
            mesh.startAll(EDGE);
            return mesh;
        } catch (Exception | Error e) {
            mesh.close();
            throw e;
        }
    }

    private void configure(Options o) throws IOException {
        Map<String, String> keys = Map.of("usercenter.rpc", TestInfra.unique("usercenter.rpc"), "order.rpc",
                TestInfra.unique("order.rpc"), "payment.rpc", TestInfra.unique("payment.rpc"));
        for (var e : COMMITTED_PORTS.entrySet()) {
            port.put(e.getKey(), e.getValue()[0] == 0 ? 0 : MeshProcess.freePort());
            devPort.put(e.getKey(), MeshProcess.freePort());
        }
        String paymentApi = "http://127.0.0.1:" + port.get("payment-api") + "/payment/v1/thirdPayment/";
        env.put("LOOKLOOK_REDIS_PORT", redis.hostPort().substring(redis.hostPort().lastIndexOf(':') + 1));
        env.put("LOOKLOOK_REDIS_PASSWORD", redis.password());
        // the dev configuration: the simulator is WeChat; each caller gets a token of this mesh's own
        env.put("LOOKLOOK_SANDBOX", "true");
        env.put("LOOKLOOK_RPC_REFLECTION", "true");
        env.put("LOOKLOOK_WX_MINI_APPID", SandboxProcess.APP_ID);
        env.put("LOOKLOOK_WECHAT_MCH_ID", SandboxProcess.MCH_ID);
        env.put("LOOKLOOK_WECHAT_MCH_SERIAL_NO", SandboxProcess.MCH_SERIAL_NO);
        env.put("LOOKLOOK_WECHAT_PUBLIC_KEY_ID", SandboxProcess.PUBLIC_KEY_ID);
        for (String caller : TestInfra.RPC_CALLERS) {
            env.put(TestInfra.rpcTokenVar(caller), TestInfra.unique("token"));
        }
        env.put("LOOKLOOK_KAFKA_PORT", kafka.bootstrap().substring(kafka.bootstrap().lastIndexOf(':') + 1));
        env.put("LOOKLOOK_JWT_SECRET", TestInfra.jwtSecret());
        env.put("LOOKLOOK_WECHAT_KEYS", sim.keyDir().toString());
        env.put("LOOKLOOK_WECHAT_APIV3_KEY", Files.readString(sim.keyDir().resolve("apiv3_key")).trim());
        env.put("LOOKLOOK_WECHAT_BASE_URL", sim.baseUrl());
        env.put("LOOKLOOK_WX_MINI_SECRET", sim.miniSecret());
        env.put("LOOKLOOK_PAYMENT_NOTIFY_URL", paymentApi + "thirdPaymentWxPayCallback");
        env.put("LOOKLOOK_ALIPAY_APP_ID", SandboxProcess.ALIPAY_APP_ID);
        env.put("LOOKLOOK_ALIPAY_SELLER_ID", SandboxProcess.ALIPAY_SELLER_ID);
        env.put("LOOKLOOK_ALIPAY_PRIVATE_KEY_PATH", sim.keyDir().resolve("alipay_app_private_key.pem").toString());
        env.put("LOOKLOOK_ALIPAY_PUBLIC_KEY_PATH", sim.keyDir().resolve("alipay_public_key.pem").toString());
        env.put("LOOKLOOK_ALIPAY_GATEWAY_URL", sim.baseUrl() + "/gateway.do");
        env.put("LOOKLOOK_ALIPAY_NOTIFY_URL", paymentApi + "thirdPaymentAlipayCallback");
        // checkout-web forwards the page's calls to this mesh's APIs
        env.put("LOOKLOOK_USERCENTER_API_PORT", Integer.toString(port.get("usercenter-api")));
        env.put("LOOKLOOK_ORDER_API_PORT", Integer.toString(port.get("order-api")));
        env.put("LOOKLOOK_PAYMENT_API_PORT", Integer.toString(port.get("payment-api")));
        env.put("LOOKLOOK_REFUND_NOTIFY_URL", paymentApi + "thirdPaymentWxRefundCallback");
        env.put("LOOKLOOK_CLOSE_ORDER_DELAY", Long.toString(o.closeOrderDelay()));
        env.put("LOOKLOOK_EXPIRY_GRACE_SECONDS", Long.toString(o.expiryGrace()));
        // a prepay WeChat holds for seconds still gets its answer (the committed default is 5 s)
        env.put("LOOKLOOK_WECHAT_PAY_TIMEOUT", "12000");
        // many users from 127.0.0.1, polling fast: limits that production would apply to one address
        // (and a bound on unpaid orders the buyers' abandoned purchases stay under)
        env.put("LOOKLOOK_RATE_LIMIT_SCALE", "1000");
        env.put("LOOKLOOK_MAX_UNPAID_ORDERS", "100");
        for (String module : COMMITTED_PORTS.keySet()) {
            Map<String, String> replace = new LinkedHashMap<>();
            keys.forEach((committed, unique) -> replace.put("Key: " + committed + "\n", "Key: " + unique + "\n"));
            int[] committed = COMMITTED_PORTS.get(module);
            replace.put("127.0.0.1:" + committed[0] + "\n", "127.0.0.1:" + port.get(module) + "\n"); // rpc ListenOn
            replace.put("Port: " + committed[0] + "\n", "Port: " + port.get(module) + "\n"); // api Port
            replace.put("Port: " + committed[1] + "\n", "Port: " + devPort.get(module) + "\n");
            if (DATABASES.containsKey(module)) {
                MysqlDsn db = TestInfra.freshDatabase(DATABASES.get(module));
                databases.put(module, db);
                replace.put("/" + DATABASES.get(module) + "?", "/" + db.database() + "?");
            }
            replace.put("ReconcileEvery: 60\n", "ReconcileEvery: " + o.reconcileEvery() + "\n");
            replace.put("ReconcileOlderThan: 120\n", "ReconcileOlderThan: " + o.reconcileOlderThan() + "\n");
            // order-mq's retry budget for a record's own failures: a second, so an outage outlasts it many times
            replace.put("  Attempts: 8\n  BackoffMs: 500\n", "  Attempts: 3\n  BackoffMs: 200\n");
            String text = Files.readString(TestInfra.repoRoot().resolve("etc/" + module + ".yaml"));
            for (var r : replace.entrySet()) {
                text = text.replace(r.getKey(), r.getValue());
            }
            yaml.put(module, text);
        }
    }

    private void startAll(List<String> modules) {
        List<CompletableFuture<MeshProcess>> started = new ArrayList<>();
        for (String m : modules) {
            started.add(async(() -> start(m)));
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
    }

    /** Starts {@code module} (again, after a kill) with the same config, ports and database; waits until healthy. */
    MeshProcess start(String module) throws Exception {
        MeshProcess p = MeshProcess.start(module, yaml.get(module), env, devPort.get(module), sub(dir, module));
        running.put(module, p);
        return p;
    }

    /** Starts the PC checkout page (only the tests of the page need it); its URL. */
    String startCheckoutWeb() throws Exception {
        start("checkout-web");
        return "http://127.0.0.1:" + port("checkout-web") + "/";
    }

    /** SIGKILL to {@code module}, as a crash or an OOM killer would. */
    void kill(String module) throws InterruptedException {
        running.get(module).kill();
    }

    /** The running process of {@code module}. */
    MeshProcess process(String module) {
        return running.get(module);
    }

    /**
     * Fails, naming the process, whether it still runs and the end of its log, when an HTTP API does
     * not accept connections: a test that meets a dead edge says so instead of failing on its first call.
     */
    void assertApisServing() throws IOException, InterruptedException {
        for (String api : List.of("usercenter-api", "order-api", "payment-api")) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port(api)), 2000);
            } catch (IOException e) {
                String log = running.get(api).log();
                throw new IllegalStateException(api + " does not accept connections on " + port(api) + " (/healthz "
                        + running.get(api).health() + "): " + e + "\n" + log.substring(Math.max(0, log.length() - 3000)), e);
            }
        }
    }

    /** The Prometheus text of a process's {@code /metrics}. */
    String metrics(String module) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devPort.get(module) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Where an API process serves HTTP. */
    int port(String module) {
        return port.get(module);
    }

    /** The database {@code module} owns. */
    MysqlDsn database(String module) {
        return databases.get(module);
    }

    /** The simulator's books: transactions, refunds, notify deliveries. */
    JsonNode ledger() throws IOException, InterruptedException {
        return Http.get(sim.port(), "/sim/v1/ledger");
    }

    /** Every subscribe message the simulator took for {@code openid}. */
    JsonNode inbox(String openid) throws IOException, InterruptedException {
        return Http.get(sim.port(), "/sim/v1/inbox?openid=" + openid).path("messages");
    }

    /** Adds simulator fault rules (sandbox/README.md). */
    void fault(String json) throws IOException, InterruptedException {
        Http.postRaw(sim.port(), "/sim/v1/faults", json);
    }

    /** Clears every simulator fault rule. */
    void clearFaults() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/v1/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("DELETE /sim/v1/faults answered " + r.statusCode() + ": " + r.body());
        }
    }

    @Override
    public void close() {
        running.values().forEach(MeshProcess::close);
        for (AutoCloseable c : new AutoCloseable[] {sim, redis, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the rest still closes
            }
        }
        databases.values().forEach(DataSources::dropDatabase);
    }

    private interface Start<T> {
        T get() throws Exception;
    }

    private static <T> CompletableFuture<T> async(Start<T> s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return s.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Path sub(Path dir, String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }
}
