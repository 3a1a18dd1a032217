package looklook.payment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import looklook.payment.api.config.PaymentApiConfig;
import looklook.payment.api.handler.Routes;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.alipay.AlipayConf;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.rest.RestServer;
import looklook.pkg.rpc.RpcClients;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.testing.SmsInbox;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.TopicTail;
import looklook.pkg.testing.SandboxProcess;
import looklook.pkg.wechat.PlatformCertMode;
import looklook.pkg.wechat.WxPayConf;
import looklook.proto.order.CreateHomestayOrderReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.order.orderGrpc;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.CreatePaymentResp;
import looklook.proto.payment.GetPaymentBySnReq;
import looklook.proto.payment.GetPaymentBySnResp;
import looklook.proto.payment.GetPaymentsByOrderSnReq;
import looklook.proto.payment.PaymentDetail;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.paymentGrpc;
import looklook.proto.usercenter.RegisterReq;
import looklook.proto.usercenter.SendSmsCodeReq;
import looklook.proto.usercenter.usercenterGrpc;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * payment-api in this JVM in front of the real usercenter-rpc, order-rpc and payment-rpc processes
 * (their jars and committed configs, found through the real etcd) and the WeChat simulator, whose
 * notifies reach this API's own port.
 */
class PaymentApiIT {
    private static final String SECRET = TestInfra.jwtSecret();
    private static final String TOPIC = "payment-update-paystatus-topic";
    private static final String PATH = "/payment/v1/thirdPayment/";
    private static final String MCH_ID = "1900000109";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** order-rpc's etcd key, known before it starts: payment-rpc, started beside it, reads orders there. */
    private static final String ORDER_KEY = TestInfra.unique("order.rpc");
    @TempDir
    static Path tmp;
    private static final List<MysqlDsn> databases = new ArrayList<>();
    private static final List<AutoCloseable> closeAtEnd = new ArrayList<>();
    private static SandboxProcess.Running sim;
    private static int apiPort;
    private static MysqlDsn paymentDb;
    private static MysqlDsn orderDb;
    private static ServiceContext apiSvc;
    private static RestServer api;
    private static usercenterGrpc.usercenterBlockingStub usercenter;
    private static orderGrpc.orderBlockingStub order;
    private static paymentGrpc.paymentBlockingStub payment;
    private static Notifies notifies;

    /** Starts {@code module} from its jar under a unique etcd key on a fresh database; returns the key. */
    private static String startRpc(String module, String port, String devPort, String key, String db) throws Exception {
        MysqlDsn dsn = TestInfra.freshDatabase(db);
        synchronized (databases) {
            databases.add(dsn);
            if (db.equals("looklook_payment")) {
                paymentDb = dsn;
            }
            if (db.equals("looklook_order")) {
                orderDb = dsn;
            }
        }
        String unique = module.equals("order-rpc") ? ORDER_KEY : TestInfra.unique(key);
        Map<String, String> replace = new HashMap<>(Map.of("127.0.0.1:" + port, "127.0.0.1:" + MeshProcess.freePort(),
                "Key: " + key, "Key: " + unique, "/" + db + "?", "/" + dsn.database() + "?"));
        if (module.equals("payment-rpc")) {
            replace.put("Key: order.rpc", "Key: " + ORDER_KEY); // the refund quote reads this test's orders
        }
        int dev = MeshProcess.freePort();
        replace.put("Port: " + devPort, "Port: " + dev);
        if (module.equals("usercenter-rpc")) {
            replace.put("PasswordCost: 10", "PasswordCost: 4");
        }
        Map<String, String> env = new HashMap<>(TestInfra.env());
        env.put("LOOKLOOK_JWT_SECRET", SECRET);
        // payment-rpc asks WeChat itself (close job, reconcile): the simulator's keys and address
        env.put("LOOKLOOK_WECHAT_KEYS", sim.keyDir().toString());
        env.put("LOOKLOOK_WECHAT_APIV3_KEY", Files.readString(sim.keyDir().resolve("apiv3_key")).trim());
        env.put("LOOKLOOK_WECHAT_BASE_URL", sim.baseUrl());
        env.put("LOOKLOOK_REFUND_NOTIFY_URL", "http://127.0.0.1:" + apiPort + PATH + "thirdPaymentWxRefundCallback");
        AlipayConf alipay = alipayConf(apiPort);
        env.put("LOOKLOOK_ALIPAY_APP_ID", alipay.appId());
        env.put("LOOKLOOK_ALIPAY_SELLER_ID", alipay.sellerId());
        env.put("LOOKLOOK_ALIPAY_PRIVATE_KEY_PATH", alipay.privateKeyPath());
        env.put("LOOKLOOK_ALIPAY_PUBLIC_KEY_PATH", alipay.alipayPublicKeyPath());
        env.put("LOOKLOOK_ALIPAY_GATEWAY_URL", alipay.gatewayUrl());
        env.put("LOOKLOOK_ALIPAY_NOTIFY_URL", alipay.notifyUrl());
        MeshProcess p = MeshProcess.start(module, MeshProcess.etc(module, replace), env, dev, Files.createDirectories(tmp.resolve(module)));
        synchronized (closeAtEnd) {
            closeAtEnd.add(p);
        }
        return unique;
    }

    private static <T> T stub(String key, String caller, java.util.function.Function<ManagedChannel, T> make) {
        // the test's own calls set up users and orders: a generous deadline, so a loaded machine fails no test here
        ManagedChannel c = RpcClients.channel(TestInfra.asCaller(new RpcClientConf(new EtcdConf(TestInfra.etcdHosts(), key), null, 10_000L, null), caller),
                new SimpleMeterRegistry());
        closeAtEnd.add(() -> c.shutdownNow().awaitTermination(2, TimeUnit.SECONDS));
        return make.apply(c);
    }

    @BeforeAll
    static void start() throws Exception {
        // the simulator first (its keys are payment-rpc's), then the three rpcs side by side
        sim = SandboxProcess.start(Files.createDirectories(tmp.resolve("sim")), 0.001);
        apiPort = MeshProcess.freePort();
        CompletableFuture<String> ucF = CompletableFuture.supplyAsync(() -> unchecked(
                () -> startRpc("usercenter-rpc", "2004", "4002", "usercenter.rpc", "looklook_usercenter")));
        CompletableFuture<String> orderF = CompletableFuture.supplyAsync(() -> unchecked(
                () -> startRpc("order-rpc", "2001", "4004", "order.rpc", "looklook_order")));
        CompletableFuture<String> payF = CompletableFuture.supplyAsync(() -> unchecked(
                () -> startRpc("payment-rpc", "2002", "4006", "payment.rpc", "looklook_payment")));
        CompletableFuture.allOf(ucF, orderF, payF).exceptionally(e -> null).join();
        usercenter = stub(ucF.join(), "payment-api", usercenterGrpc::newBlockingStub);
        // the test moves orders as order-mq does on pay events (the only state moves order-rpc takes from a worker)
        order = stub(orderF.join(), "order-mq", orderGrpc::newBlockingStub);
        payment = stub(payF.join(), "payment-api", paymentGrpc::newBlockingStub);
        notifies = new Notifies(sim.keyDir());

        int port = apiPort;
        WxPayConf wx = new WxPayConf(MCH_ID, "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                sim.keyDir().resolve("apiclient_key.pem").toString(), Notifies.SERIAL,
                sim.keyDir().resolve("pub_key.pem").toString(), notifies.apiV3Key,
                "http://127.0.0.1:" + port + PATH + "thirdPaymentWxPayCallback", null, sim.baseUrl(),
                SandboxProcess.APP_ID, null)
                // verified with the platform certificate too, as while WeChat migrates a merchant to the public key
                .withPlatformCert(PlatformCertMode.FILE, sim.keyDir().resolve("wechatpay_cert.pem").toString());
        apiSvc = new ServiceContext(new PaymentApiConfig("payment-api", "127.0.0.1", port, null, null, null, null,
                new DevServerConf("127.0.0.1", 0), JwtAuthConf.of(SECRET, 3600L), TestInfra.redisConf(),
                TestInfra.asCaller(RpcClientConf.etcd(TestInfra.etcdHosts(), orderF.join()), "payment-api"),
                TestInfra.asCaller(RpcClientConf.etcd(TestInfra.etcdHosts(), payF.join()), "payment-api"),
                TestInfra.asCaller(RpcClientConf.etcd(TestInfra.etcdHosts(), ucF.join()), "payment-api"), wx,
                alipayConf(port), 1000L, null, 1000L, null));
        api = Routes.register(new RestServer(apiSvc.config().rest(), apiSvc.metrics()), apiSvc).start();
    }

    /** The simulator's Alipay app and merchant, notifies to this test's payment-api. */
    static AlipayConf alipayConf(int apiPort) {
        return new AlipayConf(SandboxProcess.ALIPAY_APP_ID, SandboxProcess.ALIPAY_SELLER_ID,
                sim.keyDir().resolve("alipay_app_private_key.pem").toString(),
                sim.keyDir().resolve("alipay_public_key.pem").toString(), sim.baseUrl() + "/gateway.do",
                "http://127.0.0.1:" + apiPort + PATH + "thirdPaymentAlipayCallback", true, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
            apiSvc.close();
        }
        for (AutoCloseable c : closeAtEnd) {
            c.close();
        }
        if (sim != null) {
            sim.close();
        }
        for (MysqlDsn d : databases) {
            DataSources.dropDatabase(d);
        }
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(ThrowingSupplier<T> s) {
        try {
            return s.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the actors ------------------------------------------------------------------------

    /** A mini-program user (wxMini, with an openid) and the token usercenter-rpc issued to them. */
    record User(long id, String token) {
    }

    private static User newUser(boolean withOpenid) {
        String mobile = "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        RegisterReq.Builder r = RegisterReq.newBuilder().setMobile(mobile);
        if (withOpenid) {
            r.setAuthType("wxMini").setAuthKey(unchecked(() -> sim.issueOpenid(TestInfra.unique("o"))));
        } else {
            // a mobile + password user proves the mobile with the code the sandbox SMS inbox shows
            usercenter.sendSmsCode(SendSmsCodeReq.newBuilder().setMobile(mobile).build());
            r.setAuthType("system").setAuthKey(mobile).setPassword("password1")
                    .setSmsCode(unchecked(() -> SmsInbox.lastCode(sim.port(), mobile)));
        }
        String token = usercenter.register(r.build()).getAccessToken();
        return new User(apiSvc.tokens().verify(token), token);
    }

    private static long day(int days) {
        return LocalDate.now(SHANGHAI).plusDays(days).atStartOfDay(SHANGHAI).toEpochSecond();
    }

    /** An order of home 1 for two nights, two people with food: 2 x 32800 + 2 x 2 x 3800 fen. */
    private static String newOrder(User u) {
        return order.createHomestayOrder(CreateHomestayOrderReq.newBuilder().setHomestayId(1).setIsFood(true)
                .setLiveStartTime(day(1)).setLiveEndTime(day(3)).setLivePeopleNum(2).setUserId(u.id()).build()).getSn();
    }

    private static final long ORDER_TOTAL = 2 * 32800 + 2 * 2 * 3800;

    private static Http.Reply prepay(User u, String orderSn) throws Exception {
        return Http.post(api.port(), PATH + "thirdPaymentWxPay",
                "{\"orderSn\":\"" + orderSn + "\",\"serviceType\":\"homestayOrder\"}", u.token());
    }

    private static Http.Reply status(User u, String orderSn) throws Exception {
        return Http.post(api.port(), PATH + "thirdPaymentWxPayStatus", "{\"orderSn\":\"" + orderSn + "\"}", u.token());
    }

    private static Http.Reply callback(Notifies.Notify n) throws Exception {
        return Http.postWithHeaders(api.port(), PATH + "thirdPaymentWxPayCallback", n.body(), n.headers());
    }

    /** The user pays in the simulator with what wx.requestPayment received. */
    private static JsonNode pay(JsonNode p) throws Exception {
        return pay(p, "");
    }

    /** The same with more payer fields ({@code ,"coupon":300}). */
    private static JsonNode pay(JsonNode p, String moreFields) throws Exception {
        String body = payBody(p);
        body = body.substring(0, body.length() - 1) + moreFields + "}";
        Http.Reply r = Http.postWithHeaders(sim.port(), "/sim/v1/pay", body, Map.of("Content-Type", "application/json"));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body();
    }

    /** What wx.requestPayment sends the WeChat client, from our prepay answer. */
    private static String payBody(JsonNode p) {
        return "{\"appId\":\"" + p.path("appid").asText() + "\",\"timeStamp\":\"" + p.path("timestamp").asText()
                + "\",\"nonceStr\":\"" + p.path("nonceStr").asText() + "\",\"package\":\"" + p.path("package").asText()
                + "\",\"signType\":\"" + p.path("signType").asText() + "\",\"paySign\":\"" + p.path("paySign").asText() + "\"}";
    }

    private static void fault(String json) throws Exception {
        assertThat(Http.postWithHeaders(sim.port(), "/sim/v1/faults", json, Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
    }

    private static PaymentDetail onlyPayment(String orderSn) {
        List<PaymentDetail> list = payment.getPaymentsByOrderSn(GetPaymentsByOrderSnReq.newBuilder().setOrderSn(orderSn).build())
                .getListList();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static Jdbi paymentJdbi() {
        return Jdbi.create(paymentDb.jdbcUrl(), paymentDb.user(), paymentDb.password());
    }

    private static List<String> auditOutcomes(String paymentSn) {
        return paymentJdbi().withHandle(h -> h.createQuery("SELECT outcome FROM third_payment_notify WHERE payment_sn = :sn ORDER BY id")
                .bind("sn", paymentSn).mapTo(String.class).list());
    }

    // ---- the purchase ----------------------------------------------------------------------

    @Test
    void purchase_prepayPayNotify_paysOnceAndPublishesOneEventWithTheOrderSn() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        try (TopicTail tail = new TopicTail(TOPIC)) {
            Http.Reply p = prepay(u, orderSn);
            assertThat(p.status()).as(p.body().toString()).isEqualTo(200);
            JsonNode d = p.data();
            assertThat(d.path("appid").asText()).isEqualTo(SandboxProcess.APP_ID);
            assertThat(d.path("package").asText()).startsWith("prepay_id=");
            assertThat(d.path("signType").asText()).isEqualTo("RSA");
            assertThat(d.path("nonceStr").asText()).isNotEmpty();
            assertThat(d.path("timestamp").asText()).matches("\\d{10}");
            assertThat(d.path("paySign").asText()).isNotEmpty();

            // a retried prepay reuses the payment, so WeChat sees the same order (and hands out a fresh prepay_id)
            assertThat(prepay(u, orderSn).data().path("package").asText()).startsWith("prepay_id=")
                    .isNotEqualTo(d.path("package").asText());
            PaymentDetail waiting = onlyPayment(orderSn);
            assertThat(waiting.getPayTotal()).isEqualTo(ORDER_TOTAL);

            JsonNode paid = pay(d);
            assertThat(paid.path("out_trade_no").asText()).isEqualTo(waiting.getSn());
            await().atMost(Duration.ofSeconds(15)).until(() -> onlyPayment(orderSn).getPayStatus() == 1);
            PaymentDetail done = onlyPayment(orderSn);
            assertThat(done.getTransactionId()).isEqualTo(paid.path("transaction_id").asText());
            assertThat(done.getTradeState()).isEqualTo("SUCCESS");
            assertThat(done.getTradeType()).isEqualTo("JSAPI");

            Http.Reply s = status(u, orderSn);
            assertThat(s.data().path("payStatus").asLong()).isEqualTo(1);
            assertThat(s.data().path("orderTradeState").asLong()).isZero(); // order-mq's job, not ours

            List<ConsumerRecord<String, String>> got = tail.read(r -> orderSn.equals(r.key()), 1, Duration.ofSeconds(20));
            assertThat(got).hasSize(1);
            assertThat(got.get(0).value()).startsWith("{\"payStatus\":1,\"orderSn\":\"" + orderSn + "\",\"paymentSn\":\""
                    + waiting.getSn() + "\",\"eventId\":\"");
        }
        JsonNode ledger = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + onlyPayment(orderSn).getSn());
        assertThat(ledger.path("notifies").get(0).path("state").asText()).isEqualTo("DELIVERED");
        await().atMost(Duration.ofSeconds(5)).until(() -> auditOutcomes(onlyPayment(orderSn).getSn()).contains("applied"));
    }

    @Test
    void sameNotifyTenTimesAtOnce_changesOnceAndPublishesOneEvent() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        assertThat(prepay(u, orderSn).status()).isEqualTo(200);
        String sn = onlyPayment(orderSn).getSn();
        Notifies.Notify n = notifies.genuine(Notifies.transaction(SandboxProcess.APP_ID, MCH_ID, sn, ORDER_TOTAL, "SUCCESS"));
        try (TopicTail tail = new TopicTail(TOPIC)) {
            CyclicBarrier start = new CyclicBarrier(10);
            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return callback(n).status();
                }));
            }
            for (Future<Integer> f : statuses) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(204);
            }
            pool.shutdown();
            assertThat(onlyPayment(orderSn).getPayStatus()).isEqualTo(1);
            assertThat(tail.read(r -> orderSn.equals(r.key()), 1, Duration.ofSeconds(20))).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> auditOutcomes(sn).size() == 10);
        assertThat(auditOutcomes(sn)).containsOnlyOnce("applied").containsOnly("applied", "duplicate");

        // a late notify of a paid payment: handled, no effect
        assertThat(callback(notifies.genuine(Notifies.transaction(SandboxProcess.APP_ID, MCH_ID, sn, ORDER_TOTAL, "SUCCESS")))
                .status()).isEqualTo(204);
    }

    @Test
    void forgedNotifies_changeNothing() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        assertThat(prepay(u, orderSn).status()).isEqualTo(200);
        String sn = onlyPayment(orderSn).getSn();
        String genuine = Notifies.transaction(SandboxProcess.APP_ID, MCH_ID, sn, ORDER_TOTAL, "SUCCESS");
        try (TopicTail tail = new TopicTail(TOPIC)) {
            Map<String, Notifies.Notify> forged = new java.util.LinkedHashMap<>();
            forged.put("wrong platform key", notifies.build(genuine, notifies.apiV3Key, Notifies.otherKey(), Notifies.SERIAL));
            forged.put("tampered ciphertext", notifies.build(genuine, "x".repeat(32), notifies.platformKey, Notifies.SERIAL));
            forged.put("wrong serial", notifies.build(genuine, notifies.apiV3Key, notifies.platformKey, "PUB_KEY_ID_OTHER"));
            forged.put("probe", notifies.genuine(genuine).withHeader("Wechatpay-Signature", "WECHATPAY/SIGNTEST/abcdef"));
            Notifies.Notify ok = notifies.genuine(genuine);
            forged.put("body changed after signing", new Notifies.Notify(ok.body().replace("paid", "PAID"), ok.headers()));
            forged.put("no signature", new Notifies.Notify(ok.body(), Map.of("Content-Type", "application/json")));
            forged.put("not json", notifies.build(genuine, notifies.apiV3Key, notifies.platformKey, Notifies.SERIAL)
                    .withHeader("Wechatpay-Signature", "bm90IGEgc2lnbmF0dXJl"));
            forged.put("amount mismatch", notifies.genuine(
                    Notifies.transaction(SandboxProcess.APP_ID, MCH_ID, sn, ORDER_TOTAL - 1, "SUCCESS")));
            forged.put("unknown sn", notifies.genuine(
                    Notifies.transaction(SandboxProcess.APP_ID, MCH_ID, "PMT" + "7".repeat(22), ORDER_TOTAL, "SUCCESS")));
            forged.put("unknown sn, no transaction id", notifies.genuine(
                    Notifies.transaction(SandboxProcess.APP_ID, MCH_ID, "PMT" + "6".repeat(22), ORDER_TOTAL, "SUCCESS")
                            .replaceFirst("\"transaction_id\":\"[0-9]+\",", "")));
            forged.put("another mchid", notifies.genuine(
                    Notifies.transaction(SandboxProcess.APP_ID, "1900000999", sn, ORDER_TOTAL, "SUCCESS")));
            forged.put("another appid", notifies.genuine(
                    Notifies.transaction("wxSOMEONEELSE00000", MCH_ID, sn, ORDER_TOTAL, "SUCCESS")));
            forged.put("in dollars", notifies.genuine(
                    Notifies.transaction(SandboxProcess.APP_ID, MCH_ID, sn, ORDER_TOTAL, "SUCCESS").replace("\"CNY\"", "\"USD\"")));
            forged.put("no currency", notifies.genuine(
                    Notifies.transaction(SandboxProcess.APP_ID, MCH_ID, sn, ORDER_TOTAL, "SUCCESS").replace(",\"currency\":\"CNY\"", "")));
            // genuine and correctly signed, but replayed: the signed timestamp is past the 5 minutes
            forged.put("signed 6 minutes ago", notifies.genuineAt(genuine, Instant.now().minusSeconds(360)));
            forged.put("signed 6 minutes ahead", notifies.genuineAt(genuine, Instant.now().plusSeconds(360)));
            forged.put("timestamp not a number", notifies.genuine(genuine).withHeader("Wechatpay-Timestamp", "soon"));
            for (Map.Entry<String, Notifies.Notify> f : forged.entrySet()) {
                Http.Reply r = callback(f.getValue());
                assertThat(r.status()).as(f.getKey()).isBetween(400, 499);
                // one fixed answer whatever went wrong: the reason is for our log and audit only
                assertThat(r.body().toString()).as(f.getKey()).isEqualTo("{\"code\":\"FAIL\",\"message\":\"notify refused\"}");
            }
            // WeChat's own probe, sent by the simulator
            JsonNode probe = Http.postWithHeaders(sim.port(), "/sim/v1/faults", "{\"probe\":{\"notify_url\":\"http://127.0.0.1:" + api.port()
                    + PATH + "thirdPaymentWxPayCallback\",\"out_trade_no\":\"" + sn + "\"}}", Map.of("Content-Type", "application/json")).body();
            assertThat(probe.path("probe_status").asInt()).isBetween(400, 499);

            assertThat(onlyPayment(orderSn).getPayStatus()).isZero();
            assertThat(tail.read(r -> orderSn.equals(r.key()), 1, Duration.ofSeconds(2))).isEmpty();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> auditOutcomes(sn).size() == 5);
        assertThat(auditOutcomes(sn)).containsOnly("mismatch");
        long rejected = paymentJdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM third_payment_notify WHERE outcome = 'rejected' AND http_status BETWEEN 400 AND 499")
                .mapTo(Long.class).one());
        assertThat(rejected).isGreaterThanOrEqualTo(11);
        // a refused notify is kept as length, hash and a prefix, never whole
        var refusedRows = paymentJdbi().withHandle(h -> h.createQuery(
                "SELECT body, body_length, body_sha256 FROM third_payment_notify WHERE verified = 0").mapToMap().list());
        assertThat(refusedRows).isNotEmpty().allSatisfy(row -> {
            assertThat((String) row.get("body")).hasSizeLessThanOrEqualTo(256);
            assertThat(((Number) row.get("body_length")).longValue()).isPositive();
            assertThat((String) row.get("body_sha256")).matches("[0-9a-f]{64}");
        });
    }

    @Test
    void statusPoll_asksWechatOncePerPaymentPer10s_whateverTheNumberOfPollersAndReplicas() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        assertThat(prepay(u, orderSn).status()).isEqualTo(200);
        Thread.sleep(apiSvc.config().queryWaitingPaymentAfter()); // old enough to be asked about
        // two replicas of payment-api with the committed window: their own process state, one Redis
        PaymentApiConfig c = apiSvc.config();
        PaymentApiConfig committedWindow = new PaymentApiConfig(c.name(), c.host(), 0, c.maxBytes(), c.idleTimeout(),
                c.readTimeout(), c.maxHeaderBytes(), c.devServer(), c.jwtAuth(), c.redis(), c.orderRpcConf(), c.paymentRpcConf(),
                c.usercenterRpcConf(), c.wxPayConf(), c.alipayConf(), c.queryWaitingPaymentAfter(), c.notifyAudit(), null,
                c.rateLimit());
        assertThat(committedWindow.queryWaitingPaymentEvery()).isEqualTo(10_000L);
        List<AutoCloseable> replicas = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ServiceContext svc = new ServiceContext(committedWindow);
            RestServer server = Routes.register(new RestServer(committedWindow.rest(), svc.metrics()), svc).start();
            replicas.add(svc);
            replicas.add(0, server);
            ports.add(server.port());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            // the simulator counts WeChat's order queries down: each signed query takes one of these 1 ms holds
            assertThat(Http.postWithHeaders(sim.port(), "/sim/v1/faults",
                    "{\"delay\":{\"endpoint\":\"query\",\"hold_ms\":1,\"count\":1000}}",
                    Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
            long t0 = System.nanoTime();
            CyclicBarrier start = new CyclicBarrier(16);
            List<Future<Http.Reply>> polls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int port = ports.get(i % 2);
                polls.add(pool.submit(() -> {
                    start.await();
                    return Http.post(port, PATH + "thirdPaymentWxPayStatus", "{\"orderSn\":\"" + orderSn + "\"}", u.token());
                }));
            }
            for (Future<Http.Reply> f : polls) {
                Http.Reply r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
                assertThat(r.data().path("payStatus").asLong()).isZero();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the polls took less than one window")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(wechatQueriesSince(1000)).as("32 polls on two replicas within 10 s").isEqualTo(1);

            // the query ran before the last poll answered, so its window is over 10 s later: the next poll asks again, once
            Thread.sleep(10_200);
            for (int port : ports) {
                Http.post(port, PATH + "thirdPaymentWxPayStatus", "{\"orderSn\":\"" + orderSn + "\"}", u.token());
            }
            assertThat(wechatQueriesSince(1000)).isEqualTo(2);
        } finally {
            pool.shutdownNow();
            for (AutoCloseable r : replicas) {
                r.close();
            }
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sim.baseUrl() + "/sim/v1/faults")).DELETE().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
    }

    /** How many signed order queries reached the simulator since a delay rule of {@code count} was set. */
    private static long wechatQueriesSince(int count) throws Exception {
        for (JsonNode rule : Http.get(sim.port(), "/sim/v1/faults").path("delay")) {
            if (rule.path("endpoint").asText().equals("query")) {
                return count - rule.path("remaining").asLong();
            }
        }
        return count; // every hold used up
    }

    @Test
    void statusPoll_appliesASuccessFoundAtWechat_whenTheNotifyWasDropped() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        Http.Reply p = prepay(u, orderSn);
        assertThat(status(u, orderSn).data().path("payStatus").asLong()).as("not paid yet").isZero();
        try (TopicTail tail = new TopicTail(TOPIC)) {
            fault("{\"notify\":{\"mode\":\"drop\",\"count\":1}}");
            pay(p.data());
            await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                    .until(() -> status(u, orderSn).data().path("payStatus").asLong() == 1);
            assertThat(onlyPayment(orderSn).getTradeState()).isEqualTo("SUCCESS");
            assertThat(tail.read(r -> orderSn.equals(r.key()), 1, Duration.ofSeconds(20))).hasSize(1);
        }
        JsonNode ledger = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + onlyPayment(orderSn).getSn());
        assertThat(ledger.path("notifies").get(0).path("state").asText()).isEqualTo("DROPPED");
    }

    // ---- the close job's and the reconcile tick's questions to WeChat --------------------------

    @Test
    void settle_unpaidOrder_closesItAtWechatFirst_soNobodyCanPayItAfterwards() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        Http.Reply p = prepay(u, orderSn);
        var r = payment.settleOrderPayments(SettleOrderPaymentsReq.newBuilder().setOrderSn(orderSn).setCloseUnpaid(true).build());
        assertThat(r.getPaid()).isFalse();
        assertThat(r.getClosed()).isEqualTo(1);
        assertThat(onlyPayment(orderSn).getPayStatus()).isEqualTo(3);
        JsonNode ledger = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + onlyPayment(orderSn).getSn());
        assertThat(ledger.path("transactions").get(0).path("trade_state").asText()).isEqualTo("CLOSED");
        String body = "{\"appId\":\"" + p.data().path("appid").asText() + "\",\"timeStamp\":\"" + p.data().path("timestamp").asText()
                + "\",\"nonceStr\":\"" + p.data().path("nonceStr").asText() + "\",\"package\":\"" + p.data().path("package").asText()
                + "\",\"signType\":\"RSA\",\"paySign\":\"" + p.data().path("paySign").asText() + "\"}";
        Http.Reply late = Http.postWithHeaders(sim.port(), "/sim/v1/pay", body, Map.of("Content-Type", "application/json"));
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.body().path("code").asText()).isEqualTo("ORDER_CLOSED");
    }

    @Test
    void settle_orderPaidWhoseNotifyWasLost_isPaidNotClosed_withOneEvent() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        Http.Reply p = prepay(u, orderSn);
        try (TopicTail tail = new TopicTail(TOPIC)) {
            fault("{\"notify\":{\"mode\":\"drop\",\"count\":1}}");
            pay(p.data());
            var r = payment.settleOrderPayments(SettleOrderPaymentsReq.newBuilder().setOrderSn(orderSn).setCloseUnpaid(true).build());
            assertThat(r.getPaid()).isTrue();
            assertThat(r.getClosed()).isZero();
            assertThat(onlyPayment(orderSn).getPayStatus()).isEqualTo(1);
            assertThat(tail.read(rec -> orderSn.equals(rec.key()), 1, Duration.ofSeconds(20))).hasSize(1);
        }
        var again = payment.settleOrderPayments(SettleOrderPaymentsReq.newBuilder().setOrderSn(orderSn).setCloseUnpaid(true).build());
        assertThat(again.getPaid()).as("asking again changes nothing").isTrue();
    }

    @Test
    void reconcile_findsThePaymentWhoseNotifyNeverCame() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        Http.Reply p = prepay(u, orderSn);
        fault("{\"notify\":{\"mode\":\"drop\",\"count\":1}}");
        pay(p.data());
        assertThat(onlyPayment(orderSn).getPayStatus()).isZero();
        var r = payment.reconcileWaitingPayments(ReconcileWaitingPaymentsReq.newBuilder().setOlderThanSeconds(0).setLimit(1000).build());
        assertThat(r.getPaid()).isGreaterThanOrEqualTo(1);
        assertThat(onlyPayment(orderSn).getPayStatus()).isEqualTo(1);
    }

    // ---- refunds ------------------------------------------------------------------------------

    @Test
    void cancel_ofAPaidOrderTheDayBefore_givesHalfBackOnce_andPublishesPayStatus2WithTheAmount() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        pay(prepay(u, orderSn).data());
        await().atMost(Duration.ofSeconds(10)).until(() -> onlyPayment(orderSn).getPayStatus() == 1);
        order.updateHomestayOrderTradeState(looklook.proto.order.UpdateHomestayOrderTradeStateReq.newBuilder()
                .setSn(orderSn).setTradeState(1).build()); // what order-mq does with the pay event
        try (TopicTail tail = new TopicTail(TOPIC)) {
            Http.Reply r = Http.post(api.port(), PATH + "thirdPaymentWxRefund", "{\"orderSn\":\"" + orderSn + "\",\"reason\":\"plans changed\"}", u.token());
            assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
            String refundSn = r.data().path("refundSn").asText();
            assertThat(refundSn).matches("RFD\\d{22}");
            // check-in tomorrow: the default policy gives back half (rounded up), the rest is the fee
            long back = (ORDER_TOTAL + 1) / 2;
            assertThat(r.data().path("refundAmount").asLong()).isEqualTo(back);
            assertThat(r.data().path("fee").asLong()).isEqualTo(ORDER_TOTAL - back);
            // asking again answers the same refund
            assertThat(Http.post(api.port(), PATH + "thirdPaymentWxRefund", "{\"orderSn\":\"" + orderSn + "\"}", u.token())
                    .data().path("refundSn").asText()).isEqualTo(refundSn);

            await().atMost(Duration.ofSeconds(15)).until(() -> onlyPayment(orderSn).getPayStatus() == 2);
            var events = tail.read(rec -> orderSn.equals(rec.key()), 1, Duration.ofSeconds(20));
            assertThat(events).hasSize(1);
            assertThat(events.get(0).value()).contains("\"payStatus\":2").contains("\"refundAmount\":" + (ORDER_TOTAL + 1) / 2);
        }
        JsonNode ledger = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + onlyPayment(orderSn).getSn());
        assertThat(ledger.path("refunds")).hasSize(1);
        assertThat(ledger.path("refunds").get(0).path("refund").asLong()).isEqualTo((ORDER_TOTAL + 1) / 2);
        assertThat(ledger.path("refunds").get(0).path("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void refund_ofSomeoneElsesOrUnpaidOrder_isRefused() throws Exception {
        User owner = newUser(true);
        String orderSn = newOrder(owner);
        Http.Reply unpaid = Http.post(api.port(), PATH + "thirdPaymentWxRefund", "{\"orderSn\":\"" + orderSn + "\"}", owner.token());
        assertThat(unpaid.status()).isEqualTo(400);
        assertThat(unpaid.code()).isEqualTo(130008);
        Http.Reply stranger = Http.post(api.port(), PATH + "thirdPaymentWxRefund", "{\"orderSn\":\"" + orderSn + "\"}", newUser(true).token());
        assertThat(stranger.code()).isEqualTo(120003);
    }

    @Test
    void refund_ofAUsedOrder_isRefused_andNothingIsAskedOfWeChat() throws Exception {
        User u = newUser(true);
        String orderSn = paidOrder(u, 1);
        order.updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder().setSn(orderSn).setTradeState(2).build());
        Http.Reply r = Http.post(api.port(), PATH + "thirdPaymentWxRefund", "{\"orderSn\":\"" + orderSn + "\"}", u.token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo(130008);
        assertThat(r.msg()).contains("2 (used)");
        long refunds = paymentJdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM third_refund WHERE order_sn = :sn")
                .bind("sn", orderSn).mapTo(Long.class).one());
        assertThat(refunds).isZero();
        assertThat(onlyPayment(orderSn).getPayStatus()).isEqualTo(1);
        JsonNode ledger = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + onlyPayment(orderSn).getSn());
        assertThat(ledger.path("refunds")).isEmpty();
    }

    // ---- the cancellation quote --------------------------------------------------------------

    /** An order of home 1 checking in {@code checkInDay} days from today, paid through WeChat and turned paid. */
    private static String paidOrder(User u, int checkInDay) throws Exception {
        String orderSn = order.createHomestayOrder(CreateHomestayOrderReq.newBuilder().setHomestayId(1).setIsFood(true)
                .setLiveStartTime(day(checkInDay)).setLiveEndTime(day(checkInDay + 2)).setLivePeopleNum(2).setUserId(u.id()).build()).getSn();
        pay(prepay(u, orderSn).data());
        await().atMost(Duration.ofSeconds(10)).until(() -> onlyPayment(orderSn).getPayStatus() == 1);
        order.updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder().setSn(orderSn).setTradeState(1).build());
        return orderSn;
    }

    private static Http.Reply quote(User u, String orderSn) throws Exception {
        return Http.post(api.port(), PATH + "thirdPaymentRefundQuote", "{\"orderSn\":\"" + orderSn + "\"}", u.token());
    }

    @Test
    void refundQuote_answersTheOwnerWhatTheScheduleGivesBack_inFen() throws Exception {
        User u = newUser(true);
        // 10 and 3 days ahead stay on their side of a boundary even if the test runs across midnight
        Http.Reply early = quote(u, paidOrder(u, 10));
        assertThat(early.status()).as(early.body().toString()).isEqualTo(200);
        assertThat(early.data().path("refundable").asLong()).isEqualTo(ORDER_TOTAL);
        assertThat(early.data().path("fee").asLong()).isZero();
        assertThat(early.data().path("rule").asText()).isEqualTo("100% until 7 days before check-in");

        Http.Reply late = quote(u, paidOrder(u, 3));
        assertThat(late.data().path("refundable").isIntegralNumber()).isTrue();
        assertThat(late.data().path("refundable").asLong()).isEqualTo(ORDER_TOTAL / 2);
        assertThat(late.data().path("fee").asLong()).isEqualTo(ORDER_TOTAL - ORDER_TOTAL / 2);
        assertThat(late.data().path("rule").asText()).isEqualTo("50% until the day before check-in");
        assertThat(late.data().size()).as("refundable, fee, rule").isEqualTo(3);
    }

    @Test
    void refundQuote_ofSomeoneElsesOrder_answersAsAMissingOne_andAnUnpaidOrUsedOrderGetsNothing() throws Exception {
        User owner = newUser(true);
        String paid = paidOrder(owner, 10);
        Http.Reply missing = quote(owner, "HSO" + "1".repeat(22));
        assertThat(missing.code()).isEqualTo(120003);
        Http.Reply foreign = quote(newUser(true), paid);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body()).isEqualTo(missing.body());

        Http.Reply unpaid = quote(owner, newOrder(owner));
        assertThat(unpaid.status()).isEqualTo(200);
        assertThat(unpaid.data().path("refundable").asLong()).isZero();
        assertThat(unpaid.data().path("fee").asLong()).isZero();
        assertThat(unpaid.data().path("rule").asText()).isEqualTo("order not paid: nothing to refund");

        order.updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder().setSn(paid).setTradeState(2).build());
        Http.Reply used = quote(owner, paid);
        assertThat(used.data().path("refundable").asLong()).isZero();
        assertThat(used.data().path("fee").asLong()).isEqualTo(ORDER_TOTAL);
        assertThat(used.data().path("rule").asText()).isEqualTo("order used (checked in): nothing is refunded");
        assertThat(Http.post(api.port(), PATH + "thirdPaymentRefundQuote", "{\"orderSn\":\"HSO1\"}", owner.token()).code())
                .isEqualTo(100002);
    }

    // ---- who may pay what --------------------------------------------------------------------

    @Test
    void anotherUsersOrder_answersExactlyAsAMissingOne() throws Exception {
        User owner = newUser(true);
        User other = newUser(true);
        String orderSn = newOrder(owner);
        String missing = "HSO" + "1".repeat(22);
        Http.Reply prepayOther = prepay(other, orderSn);
        assertThat(prepayOther.status()).isEqualTo(400);
        assertThat(prepayOther.code()).isEqualTo(120003);
        assertThat(prepayOther.body()).isEqualTo(prepay(other, missing).body());
        Http.Reply statusOther = status(other, orderSn);
        assertThat(statusOther.code()).isEqualTo(120003);
        assertThat(statusOther.body()).isEqualTo(status(other, missing).body());
        assertThat(payment.getPaymentsByOrderSn(GetPaymentsByOrderSnReq.newBuilder().setOrderSn(orderSn).build()).getListCount()).isZero();
    }

    @Test
    void prepayOfAPaidOrCancelledOrder_isAClearError() throws Exception {
        User u = newUser(true);
        String paid = newOrder(u);
        order.updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder().setSn(paid).setTradeState(1).build());
        Http.Reply r = prepay(u, paid);
        assertThat(r.code()).isEqualTo(130002);
        assertThat(r.msg()).isEqualTo("order " + paid + " is already paid (trade state 1 (paid))");

        String cancelled = newOrder(u);
        order.updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder().setSn(cancelled).setTradeState(-1).build());
        Http.Reply c = prepay(u, cancelled);
        assertThat(c.code()).isEqualTo(130003);
        assertThat(c.msg()).contains(cancelled).contains("trade state -1");
        assertThat(status(u, cancelled).data().path("orderTradeState").asLong()).isEqualTo(-1);
    }

    @Test
    void retry_afterTheTitleChanged_sendsWeChatTheFirstDescription_cutTo127Utf8Bytes() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        String longTitle = "湖畔民宿".repeat(12) + "小屋"; // 50 characters, 150 bytes: WeChat takes 127
        setOrderTitle(orderSn, longTitle);
        Http.Reply first = prepay(u, orderSn);
        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        String sn = onlyPayment(orderSn).getSn();
        String sent = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + sn).path("transactions").get(0)
                .path("description").asText();
        assertThat(sent).isEqualTo(longTitle.substring(0, 42)); // 42 x 3 = 126 bytes; a 43rd would be 129

        setOrderTitle(orderSn, "renamed while the user was paying");
        Http.Reply retry = prepay(u, orderSn);
        assertThat(retry.status()).as("WeChat refuses a changed description (201): %s", retry.body()).isEqualTo(200);
        assertThat(onlyPayment(orderSn).getSn()).isEqualTo(sn);
        assertThat(pay(retry.data()).path("out_trade_no").asText()).isEqualTo(sn);
    }

    @Test
    void retry_afterThePrepayIdExpired_getsAFreshOneThatPays() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        JsonNode old = prepay(u, orderSn).data();
        Thread.sleep(7_700); // a prepay_id lives 2 hours, 7.2 s at the simulator's TimeFactor 0.001
        Http.Reply stale = Http.postWithHeaders(sim.port(), "/sim/v1/pay", payBody(old), Map.of("Content-Type", "application/json"));
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.body().path("code").asText()).isEqualTo("PREPAY_ID_EXPIRED");

        Http.Reply again = prepay(u, orderSn);
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        assertThat(pay(again.data()).path("out_trade_no").asText()).isEqualTo(onlyPayment(orderSn).getSn());
    }

    private static void setOrderTitle(String orderSn, String title) {
        Jdbi.create(orderDb.jdbcUrl(), orderDb.user(), orderDb.password()).useHandle(h ->
                assertThat(h.execute("UPDATE homestay_order SET title = ? WHERE sn = ?", title, orderSn)).isEqualTo(1));
    }

    @Test
    void badInput_isRefusedNamingTheProblem() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        String wxPay = PATH + "thirdPaymentWxPay";
        assertThat(Http.post(api.port(), wxPay, "{\"orderSn\":\"" + orderSn + "\",\"serviceType\":\"homestayOrder\"}",
                (String) null).status()).isEqualTo(401);
        assertThat(Http.post(api.port(), PATH + "thirdPaymentWxPayStatus", "{}", "garbage").status()).isEqualTo(401);
        List<String[]> cases = List.of(
                new String[] {"{\"orderSn\":\"" + orderSn + "\"", "not valid JSON"},
                new String[] {"{\"orderSn\":\"" + orderSn + "\"}", "missing required field serviceType"},
                new String[] {"{\"serviceType\":\"homestayOrder\"}", "missing required field orderSn"},
                new String[] {"{\"orderSn\":123,\"serviceType\":\"homestayOrder\"}", "field orderSn"},
                new String[] {"{\"orderSn\":\"HSO123\",\"serviceType\":\"homestayOrder\"}", "orderSn: \"HSO123\" (expected HSO followed by 22 digits)"},
                new String[] {"{\"orderSn\":\"" + orderSn + "\",\"serviceType\":\"travel\"}", "serviceType: \"travel\" (expected homestayOrder)"},
                new String[] {"[]", "expected a JSON object"});
        for (String[] c : cases) {
            Http.Reply r = Http.post(api.port(), wxPay, c[0], u.token());
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.code()).as(c[0]).isEqualTo(100002);
            assertThat(r.msg()).as(c[0]).contains(c[1]);
        }
        assertThat(Http.post(api.port(), PATH + "thirdPaymentWxPayStatus", "{\"orderSn\":\"x\"}", u.token()).code()).isEqualTo(100002);

        User noOpenid = newUser(false);
        Http.Reply r = prepay(noOpenid, newOrder(noOpenid));
        assertThat(r.code()).isEqualTo(130004);
        assertThat(r.msg()).contains("log in with WeChat");
        assertThat(payment.getPaymentsByOrderSn(GetPaymentsByOrderSnReq.newBuilder().setOrderSn(orderSn).build()).getListCount()).isZero();
    }

    // ---- refund notifies -------------------------------------------------------------------------

    /** A paid payment with a refund of it waiting at WeChat (the pump will not ask: its next try is far away). */
    record WaitingRefund(String refundSn, String paymentSn, String transactionId, String orderSn) {
        /** The notify WeChat would send when the refund succeeds. */
        String success() {
            return Notifies.refund(MCH_ID, paymentSn, transactionId, refundSn, "SUCCESS", "2026-01-02T12:00:00+08:00",
                    ORDER_TOTAL, ORDER_TOTAL);
        }

        /** The refund's row: status, WeChat refund id, success time. */
        Map<String, Object> row() {
            return paymentJdbi().withHandle(h -> h.createQuery(
                    "SELECT refund_status, refund_id, success_time FROM third_refund WHERE sn = :sn").bind("sn", refundSn)
                    .mapToMap().one());
        }
    }

    private static WaitingRefund waitingRefund() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        pay(prepay(u, orderSn).data());
        await().atMost(Duration.ofSeconds(15)).until(() -> onlyPayment(orderSn).getPayStatus() == 1);
        String paymentSn = onlyPayment(orderSn).getSn();
        String refundSn = "RFD" + String.format("%022d", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        String transactionId = paymentJdbi().withHandle(h -> {
            h.execute("INSERT INTO third_refund (sn, payment_sn, order_sn, user_id, refund_amount, reason, next_try_at) "
                    + "VALUES (?, ?, ?, ?, ?, 'test', ?)", refundSn, paymentSn, orderSn, u.id(), ORDER_TOTAL, Long.MAX_VALUE);
            return h.createQuery("SELECT transaction_id FROM third_payment WHERE sn = :sn").bind("sn", paymentSn)
                    .mapTo(String.class).one();
        });
        assertThat(transactionId).as("the simulator's transaction id of the payment").isNotEmpty();
        return new WaitingRefund(refundSn, paymentSn, transactionId, orderSn);
    }

    private static Http.Reply refundCallback(Notifies.Notify n) throws Exception {
        return Http.postWithHeaders(api.port(), PATH + "thirdPaymentWxRefundCallback", n.body(), n.headers());
    }

    /** The audit row of the notify whose envelope id is {@code notifyId}, once written: outcome, http_status, verified. */
    private static Map<String, Object> auditOf(Notifies.Notify n) throws Exception {
        String id = new ObjectMapper().readTree(n.body()).path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> paymentJdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM third_payment_notify WHERE notify_id = :id").bind("id", id).mapTo(Long.class).one()) == 1);
        return paymentJdbi().withHandle(h -> h.createQuery(
                "SELECT outcome, http_status, verified, event_type, body FROM third_payment_notify WHERE notify_id = :id")
                .bind("id", id).mapToMap().one());
    }

    /** A refund notify's resource from a good one: {@code r} is the waiting refund, the function rewrites the good resource. */
    private interface Spoil {
        String resource(WaitingRefund r);
    }

    static List<Arguments> refusedRefundNotifies() {
        List<Arguments> cases = new ArrayList<>();
        BiConsumer<String, Spoil> add = (name, spoil) ->
                cases.add(Arguments.of(name, spoil));
        add.accept("success_time not a time", r -> r.success().replace("2026-01-02T12:00:00+08:00", "yesterday noon"));
        add.accept("success_time without offset", r -> r.success().replace("2026-01-02T12:00:00+08:00", "2026-01-02 12:00:00"));
        add.accept("success_time missing on SUCCESS", r -> Notifies.refund(MCH_ID, r.paymentSn(), r.transactionId(), r.refundSn(),
                "SUCCESS", null, ORDER_TOTAL, ORDER_TOTAL));
        add.accept("refund_status unknown", r -> r.success().replace("\"SUCCESS\"", "\"REFUNDED\""));
        add.accept("refund_status missing", r -> Notifies.refund(MCH_ID, r.paymentSn(), r.transactionId(), r.refundSn(),
                null, "2026-01-02T12:00:00+08:00", ORDER_TOTAL, ORDER_TOTAL));
        add.accept("amount.refund missing", r -> Notifies.refund(MCH_ID, r.paymentSn(), r.transactionId(), r.refundSn(),
                "SUCCESS", "2026-01-02T12:00:00+08:00", ORDER_TOTAL, null));
        add.accept("amount.total missing", r -> Notifies.refund(MCH_ID, r.paymentSn(), r.transactionId(), r.refundSn(),
                "SUCCESS", "2026-01-02T12:00:00+08:00", null, ORDER_TOTAL));
        add.accept("amount missing", r -> Notifies.refund(MCH_ID, r.paymentSn(), r.transactionId(), r.refundSn(),
                "SUCCESS", "2026-01-02T12:00:00+08:00", null, null));
        add.accept("out_refund_no not RFD + 22 digits", r -> r.success().replace(r.refundSn(), "REFUND-" + r.refundSn().substring(3)));
        add.accept("out_trade_no not this refund's payment", r -> r.success().replace(r.paymentSn(), "PMT" + "7".repeat(22)));
        add.accept("out_trade_no missing", r -> Notifies.refund(MCH_ID, null, r.transactionId(), r.refundSn(),
                "SUCCESS", "2026-01-02T12:00:00+08:00", ORDER_TOTAL, ORDER_TOTAL));
        add.accept("transaction_id not the payment's", r -> r.success().replace(r.transactionId(), "4200000000000000000000000001"));
        add.accept("amount.refund not the refund's", r -> Notifies.refund(MCH_ID, r.paymentSn(), r.transactionId(), r.refundSn(),
                "SUCCESS", "2026-01-02T12:00:00+08:00", ORDER_TOTAL, ORDER_TOTAL - 1));
        add.accept("amount.total not the payment's", r -> Notifies.refund(MCH_ID, r.paymentSn(), r.transactionId(), r.refundSn(),
                "SUCCESS", "2026-01-02T12:00:00+08:00", ORDER_TOTAL + 1, ORDER_TOTAL));
        add.accept("amount.currency not CNY", r -> r.success().replace("\"payer_refund\"", "\"currency\":\"USD\",\"payer_refund\""));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRefundNotifies")
    void refundNotify_unreadableOrNotThisRefunds_isRefusedInWeChatsFormat_andTheRefundIsUnchanged(String name, Spoil spoil)
            throws Exception {
        WaitingRefund r = waitingRefund();
        Map<String, Object> before = r.row();
        Notifies.Notify n = notifies.genuineRefund(spoil.resource(r));
        Http.Reply reply = refundCallback(n);
        assertThat(reply.status()).as(name).isEqualTo(400);
        assertThat(reply.body().toString()).as(name).isEqualTo("{\"code\":\"FAIL\",\"message\":\"notify refused\"}");
        assertThat(r.row()).as(name).isEqualTo(before);
        assertThat(onlyPayment(r.orderSn()).getPayStatus()).as(name).isEqualTo(1);
        Map<String, Object> audit = auditOf(n);
        assertThat(audit.get("outcome")).as(name).isIn("unreadable", "rejected");
        assertThat(((Number) audit.get("http_status")).intValue()).isEqualTo(400);
        assertThat(audit.get("verified")).as("a verified notify is audited whole").isIn(true, 1, (byte) 1);
        assertThat(audit.get("body")).isEqualTo(n.body());
        assertThat(audit.get("event_type")).isEqualTo("REFUND.SUCCESS");
    }

    @Test
    void refundNotify_ofARefundWeNeverMade_isAnsweredAsHandled_soWeChatStopsRetrying_andIsAudited() throws Exception {
        WaitingRefund r = waitingRefund();
        Map<String, Object> before = r.row();
        String unknown = "RFD" + "9".repeat(22);
        Notifies.Notify n = notifies.genuineRefund(r.success().replace(r.refundSn(), unknown));
        Http.Reply reply = refundCallback(n);
        assertThat(reply.status()).isEqualTo(204);
        assertThat(r.row()).isEqualTo(before);
        Map<String, Object> audit = auditOf(n);
        assertThat(audit.get("outcome")).isEqualTo("unknown");
        assertThat(((Number) audit.get("http_status")).intValue()).isEqualTo(204);
        assertThat(audit.get("body")).isEqualTo(n.body());
    }

    @Test
    void refundNotify_thatAgreesWithTheRefund_settlesIt_andARepeatChangesNothing() throws Exception {
        WaitingRefund r = waitingRefund();
        Notifies.Notify n = notifies.genuineRefund(r.success());
        assertThat(refundCallback(n).status()).isEqualTo(204);
        Map<String, Object> settled = r.row();
        assertThat(((Number) settled.get("refund_status")).intValue()).isEqualTo(1);
        assertThat(((Number) settled.get("success_time")).longValue()).isPositive();
        assertThat(onlyPayment(r.orderSn()).getPayStatus()).isEqualTo(2);
        assertThat(auditOf(n).get("outcome")).isEqualTo("applied");
        assertThat(refundCallback(notifies.genuineRefund(r.success())).status()).isEqualTo(204);
        assertThat(r.row()).isEqualTo(settled);
    }

    @ParameterizedTest(name = "success_time {0}")
    @NullAndEmptySource
    void refundNotify_closedWithoutASuccessTime_isApplied(String successTime) throws Exception {
        WaitingRefund r = waitingRefund();
        Notifies.Notify n = notifies.genuineRefund(Notifies.refund(MCH_ID, r.paymentSn(), r.transactionId(), r.refundSn(),
                "CLOSED", successTime, ORDER_TOTAL, ORDER_TOTAL));
        assertThat(refundCallback(n).status()).isEqualTo(204);
        assertThat(((Number) r.row().get("refund_status")).intValue()).isEqualTo(2);
        assertThat(onlyPayment(r.orderSn()).getPayStatus()).as("the money did not go back").isEqualTo(1);
    }

    // ---- what WeChat does on its own, and answers that do not verify -----------------------------

    @Test
    void prepay_whoseAnswerDoesNotVerify_isAskedAgain_andGetsWeChatsOrder() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        fault("{\"response\":{\"endpoint\":\"jsapi\",\"probe\":true,\"count\":1}}");
        Http.Reply p = prepay(u, orderSn);
        assertThat(p.status()).as(p.body().toString()).isEqualTo(200);
        JsonNode atWechat = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + onlyPayment(orderSn).getSn())
                .path("transactions").get(0);
        assertThat(p.data().path("package").asText()).isEqualTo("prepay_id=" + atWechat.path("prepay_id").asText());
    }

    @Test
    void prepay_whoseAnswersNeverVerify_isATryAgain_andThePaymentKeepsWaiting() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        fault("{\"response\":{\"endpoint\":\"jsapi\",\"probe\":true,\"count\":2}}");
        Http.Reply failed = prepay(u, orderSn);
        assertThat(failed.code()).as(failed.body().toString()).isEqualTo(130007);
        assertThat(onlyPayment(orderSn).getPayStatus()).as("not failed: WeChat may hold the order").isZero();

        Http.Reply again = prepay(u, orderSn);
        assertThat(again.status()).isEqualTo(200);
        pay(again.data());
        await().atMost(Duration.ofSeconds(15)).until(() -> onlyPayment(orderSn).getPayStatus() == 1);
    }

    @Test
    void couponPayment_thePayerPaidLessThanTheTotal_isPaidByItsNotify() throws Exception {
        User u = newUser(true);
        String orderSn = newOrder(u);
        Http.Reply p = prepay(u, orderSn);
        JsonNode paid = pay(p.data(), ",\"coupon\":1000");
        assertThat(paid.path("amount").path("payer_total").asLong()).isEqualTo(ORDER_TOTAL - 1000);
        await().atMost(Duration.ofSeconds(15)).until(() -> onlyPayment(orderSn).getPayStatus() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> auditOutcomes(onlyPayment(orderSn).getSn()).contains("applied"));
    }

    @Test
    void migration_notifiesSignedByTheKeyOrTheCertificate_areEachTakenAtTheFirstAttempt() throws Exception {
        assertThat(Http.postRaw(sim.port(), "/sim/v1/signing", "{\"mode\":\"migration\"}").path("mode").asText())
                .isEqualTo("migration");
        try {
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                User u = newUser(true);
                String orderSn = newOrder(u);
                pay(prepay(u, orderSn).data());
                orders.add(orderSn);
            }
            for (String orderSn : orders) {
                await().atMost(Duration.ofSeconds(15)).until(() -> onlyPayment(orderSn).getPayStatus() == 1);
                JsonNode notify = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + onlyPayment(orderSn).getSn())
                        .path("notifies").get(0);
                assertThat(notify.path("attempts")).as(notify.toString()).hasSize(1);
                assertThat(notify.path("state").asText()).isEqualTo("DELIVERED");
            }
        } finally {
            Http.postRaw(sim.port(), "/sim/v1/signing", "{\"mode\":\"public_key\"}");
        }
    }

    // ---- Alipay ----------------------------------------------------------------------------

    private static Http.Reply alipayPay(User u, String orderSn) throws Exception {
        return Http.post(api.port(), PATH + "thirdPaymentAlipayPay",
                "{\"orderSn\":\"" + orderSn + "\",\"serviceType\":\"homestayOrder\"}", u.token());
    }

    /** Posts an Alipay notify form; Alipay reads the body as text ("success" stops its retries). */
    private static String alipayCallback(String form) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + api.port() + PATH + "thirdPaymentAlipayCallback"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static AlipayNotifyForms alipayForms() {
        return new AlipayNotifyForms(sim.keyDir(), sim.keyDir().resolve("alipay_app_private_key.pem"));
    }

    /** An order with a waiting Alipay payment made through the route, as the PC page makes it. */
    private static PaymentDetail alipayWaiting(User u) throws Exception {
        String orderSn = newOrder(u);
        Http.Reply r = alipayPay(u, orderSn);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.data().path("codeUrl").asText()).startsWith("https://qr.alipay.com/");
        assertThat(r.data().path("qrCodeImage").asText()).startsWith("data:image/png;base64,");
        return onlyPayment(orderSn);
    }

    @Test
    void alipay_payScanNotify_paysOnce_theStatusSaysAlipay_andTheSimulatorGotSuccess() throws Exception {
        User u = newUser(false);
        PaymentDetail waiting = alipayWaiting(u);
        assertThat(waiting.getPayMode()).isEqualTo("ALIPAY");
        assertThat(waiting.getTradeType()).isEqualTo("PRECREATE");
        String code = alipayPay(u, waiting.getOrderSn()).data().path("codeUrl").asText();
        try (TopicTail tail = new TopicTail(TOPIC)) {
            Http.Reply scan = Http.postWithHeaders(sim.port(), "/sim/v1/scan", "{\"codeUrl\":\"" + code
                    + "\",\"buyer\":\"13812345678\"}", Map.of("Content-Type", "application/json"));
            assertThat(scan.status()).as(scan.body().toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> onlyPayment(waiting.getOrderSn()).getPayStatus() == 1);
            assertThat(onlyPayment(waiting.getOrderSn()).getTransactionId()).isEqualTo(scan.body().path("trade").path("trade_no").asText());
            assertThat(tail.read(r -> waiting.getOrderSn().equals(r.key()), 1, Duration.ofSeconds(20))).hasSize(1);
        }
        JsonNode s = Http.post(api.port(), PATH + "thirdPaymentStatus", "{\"orderSn\":\"" + waiting.getOrderSn() + "\"}",
                u.token()).data();
        assertThat(s.path("payStatus").asLong()).isEqualTo(1);
        assertThat(s.path("payMode").asText()).isEqualTo("ALIPAY");
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + waiting.getSn())
                .path("notifies").path(0).path("state").asText().equals("DELIVERED"));
    }

    @Test
    void alipayNotify_handledIsSuccess_aRepeatIsSuccessWithoutASecondEvent() throws Exception {
        PaymentDetail p = alipayWaiting(newUser(false));
        Map<String, String> fields = AlipayNotifyForms.tradeSuccess(SandboxProcess.ALIPAY_APP_ID, SandboxProcess.ALIPAY_SELLER_ID,
                p.getSn(), looklook.pkg.alipay.Yuan.of(ORDER_TOTAL));
        String form = alipayForms().signed(fields);
        try (TopicTail tail = new TopicTail(TOPIC)) {
            assertThat(alipayCallback(form)).isEqualTo("success");
            assertThat(alipayCallback(form)).as("a repeat is handled too").isEqualTo("success");
            assertThat(tail.read(r -> p.getOrderSn().equals(r.key()), 2, Duration.ofSeconds(5))).as("one event").hasSize(1);
        }
        PaymentDetail paid = onlyPayment(p.getOrderSn());
        assertThat(paid.getPayStatus()).isEqualTo(1);
        assertThat(paid.getTransactionId()).isEqualTo(fields.get("trade_no"));
        await().atMost(Duration.ofSeconds(5)).until(() -> auditOutcomes(p.getSn()).containsAll(List.of("applied", "duplicate")));
    }

    /** One forged or foreign Alipay notify: what it spoils in a genuine one. */
    record AlipayForgery(String name, java.util.function.BiFunction<AlipayNotifyForms, Map<String, String>, String> form) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<AlipayForgery> alipayForgeries() {
        return List.of(
                new AlipayForgery("signed by another key", (f, n) -> f.signedByAnother(n)),
                new AlipayForgery("a field changed after signing", (f, n) -> f.signed(n).replace("TRADE_SUCCESS", "TRADE_FINISHED")),
                new AlipayForgery("no signature", (f, n) -> f.signed(n).replaceAll("&sign=[^&]*", "")),
                new AlipayForgery("another app_id", (f, n) -> f.signed(with(n, "app_id", "2021000000000999"))),
                new AlipayForgery("another seller_id", (f, n) -> f.signed(with(n, "seller_id", "2088000000000999"))),
                new AlipayForgery("a fen less", (f, n) -> f.signed(with(n, "total_amount", looklook.pkg.alipay.Yuan.of(ORDER_TOTAL - 1)))),
                new AlipayForgery("an unknown out_trade_no", (f, n) -> f.signed(with(n, "out_trade_no", "PMT" + "9".repeat(22)))),
                new AlipayForgery("not a form", (f, n) -> "{\"trade_status\":\"TRADE_SUCCESS\"}"));
    }

    private static Map<String, String> with(Map<String, String> n, String key, String value) {
        Map<String, String> m = new java.util.LinkedHashMap<>(n);
        m.put(key, value);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alipayForgeries")
    void alipayNotify_forgedOrForeign_isFailure_andNothingChanges(AlipayForgery forgery) throws Exception {
        PaymentDetail p = alipayWaiting(newUser(false));
        Map<String, String> genuine = AlipayNotifyForms.tradeSuccess(SandboxProcess.ALIPAY_APP_ID, SandboxProcess.ALIPAY_SELLER_ID,
                p.getSn(), looklook.pkg.alipay.Yuan.of(ORDER_TOTAL));
        assertThat(alipayCallback(forgery.form().apply(alipayForms(), genuine))).isEqualTo("failure");
        PaymentDetail now = onlyPayment(p.getOrderSn());
        assertThat(now.getPayStatus()).isZero();
        assertThat(now.getTransactionId()).isEmpty();
    }

    @Test
    void alipayStatusPoll_whoseNotifyWasDropped_isPaidThroughPaymentRpc() throws Exception {
        User u = newUser(false);
        PaymentDetail p = alipayWaiting(u);
        String code = alipayPay(u, p.getOrderSn()).data().path("codeUrl").asText();
        fault("{\"notify\":{\"mode\":\"drop\"}}");
        assertThat(Http.postWithHeaders(sim.port(), "/sim/v1/scan", "{\"codeUrl\":\"" + code + "\",\"buyer\":\"13812345678\"}",
                Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
        assertThat(onlyPayment(p.getOrderSn()).getPayStatus()).isZero();
        Thread.sleep(apiSvc.config().queryWaitingPaymentAfter());
        JsonNode s = Http.post(api.port(), PATH + "thirdPaymentStatus", "{\"orderSn\":\"" + p.getOrderSn() + "\"}", u.token()).data();
        assertThat(s.path("payStatus").asLong()).isEqualTo(1);
        assertThat(s.path("payMode").asText()).isEqualTo("ALIPAY");
    }

    // ---- WeChat down: paying another way ------------------------------------------------------

    /** Calls each rule of {@link #weChatDown} fails: more than a test makes, so a rule left whole was never called. */
    private static final int WECHAT_DOWN = 1_000_000;

    /** WeChat fails every Pay call, as when it is down; {@link #weChatUp} ends it. */
    private static void weChatDown() throws Exception {
        for (String endpoint : List.of("jsapi", "native", "query", "close")) {
            fault("{\"fail\":{\"endpoint\":\"" + endpoint + "\",\"status\":503,\"count\":" + WECHAT_DOWN + "}}");
        }
    }

    private static void weChatUp() throws Exception {
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sim.baseUrl() + "/sim/v1/faults")).DELETE().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    }

    /** Calls the fail rule of {@code endpoint} has left to fail (0 when it has none). */
    private static long failsLeft(String endpoint) throws Exception {
        for (JsonNode rule : Http.get(sim.port(), "/sim/v1/faults").path("fail")) {
            if (rule.path("endpoint").asText().equals(endpoint)) {
                return rule.path("remaining").asLong();
            }
        }
        return 0;
    }

    private static Http.Reply nativePay(User u, String orderSn) throws Exception {
        return Http.post(api.port(), PATH + "thirdPaymentWxNativePay",
                "{\"orderSn\":\"" + orderSn + "\",\"serviceType\":\"homestayOrder\"}", u.token());
    }

    private static List<PaymentDetail> payments(String orderSn) {
        return payment.getPaymentsByOrderSn(GetPaymentsByOrderSnReq.newBuilder().setOrderSn(orderSn).build()).getListList();
    }

    private static JsonNode pcStatus(User u, String orderSn) throws Exception {
        return Http.post(api.port(), PATH + "thirdPaymentStatus", "{\"orderSn\":\"" + orderSn + "\"}", u.token()).data();
    }

    static List<Arguments> weChatRoutes() {
        return List.of(Arguments.of("thirdPaymentWxNativePay", false), Arguments.of("thirdPaymentWxPay", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weChatRoutes")
    void weChatDown_itsPrepayFails_thenAlipayOfTheSameOrderIsHandedOutAtOnce_andPaysIt(String route, boolean wxMini) throws Exception {
        User u = newUser(wxMini);
        String orderSn = newOrder(u);
        weChatDown();
        try {
            Http.Reply wx = Http.post(api.port(), PATH + route, "{\"orderSn\":\"" + orderSn + "\",\"serviceType\":\"homestayOrder\"}",
                    u.token());
            assertThat(wx.status()).as(wx.body().toString()).isEqualTo(400);
            assertThat(wx.code()).as("WeChat Pay is busy").isEqualTo(130007);
            PaymentDetail waiting = onlyPayment(orderSn);
            assertThat(waiting.getPayMode()).isEqualTo("WECHAT_PAY");

            Http.Reply ali = alipayPay(u, orderSn);

            assertThat(ali.status()).as(ali.body().toString()).isEqualTo(200);
            String code = ali.data().path("codeUrl").asText();
            assertThat(code).startsWith("https://qr.alipay.com/");
            assertThat(failsLeft("query") + failsLeft("close")).as("WeChat was not asked: nobody held a code of it")
                    .isEqualTo(2L * WECHAT_DOWN);
            PaymentDetail givenUp = payments(orderSn).stream().filter(p -> p.getSn().equals(waiting.getSn())).findFirst().orElseThrow();
            assertThat(givenUp.getPayStatus()).isEqualTo(3);
            assertThat(givenUp.getTradeState()).isEqualTo("SWITCHED");
            assertThat(pcStatus(u, orderSn).path("payMode").asText()).as("the page shows the Alipay payment").isEqualTo("ALIPAY");

            try (TopicTail tail = new TopicTail(TOPIC)) {
                Http.Reply scan = Http.postWithHeaders(sim.port(), "/sim/v1/scan", "{\"codeUrl\":\"" + code
                        + "\",\"buyer\":\"13812345678\"}", Map.of("Content-Type", "application/json"));
                assertThat(scan.status()).as(scan.body().toString()).isEqualTo(200);
                assertThat(tail.read(r -> orderSn.equals(r.key()), 1, Duration.ofSeconds(20))).as("the order's pay event").hasSize(1);
            }
            JsonNode paid = pcStatus(u, orderSn);
            assertThat(paid.path("payStatus").asLong()).isEqualTo(1);
            assertThat(paid.path("payMode").asText()).isEqualTo("ALIPAY");
            assertThat(Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + waiting.getSn()).path("transactions"))
                    .as("WeChat has no trade of the WeChat payment").isEmpty();
        } finally {
            weChatUp();
        }
    }

    @Test
    void weChatDown_aWeChatPaymentWhoseCodeWasHandedOut_stillCannotBeSwitched() throws Exception {
        User u = newUser(false);
        String orderSn = newOrder(u);
        assertThat(nativePay(u, orderSn).status()).isEqualTo(200); // its code_url is on the user's screen
        weChatDown();
        try {
            Http.Reply ali = alipayPay(u, orderSn);
            assertThat(ali.status()).as(ali.body().toString()).isEqualTo(400);
            assertThat(ali.code()).isEqualTo(130005);
            PaymentDetail still = onlyPayment(orderSn);
            assertThat(still.getPayMode()).isEqualTo("WECHAT_PAY");
            assertThat(still.getPayStatus()).isZero();
        } finally {
            weChatUp();
        }
    }

    @Test
    void nativePrepay_answeredAfterASwitchGaveItsPaymentUp_handsOutNoCode_andItIsClosedAtWeChat() throws Exception {
        User u = newUser(false);
        String orderSn = newOrder(u);
        // WeChat takes 3 s to answer the prepay (the SDK waits 5): meanwhile the user chooses Alipay
        fault("{\"delay\":{\"endpoint\":\"native\",\"hold_ms\":3000}}");
        CompletableFuture<Http.Reply> wx = CompletableFuture.supplyAsync(() -> unchecked(() -> nativePay(u, orderSn)));
        await().atMost(Duration.ofSeconds(5)).until(() -> payments(orderSn).size() == 1);
        String wxSn = onlyPayment(orderSn).getSn();

        Http.Reply ali = alipayPay(u, orderSn);

        assertThat(ali.status()).as(ali.body().toString()).isEqualTo(200);
        Http.Reply late = wx.get(15, TimeUnit.SECONDS);
        assertThat(late.status()).as(late.body().toString()).isEqualTo(400);
        assertThat(late.code()).as("can no longer be paid").isEqualTo(130003);
        assertThat(late.msg()).as("not a bare 'try again': a page retrying would switch away from the Alipay code")
                .contains("was closed meanwhile").contains("code already shown").contains("start again")
                .doesNotContain("try again");
        assertThat(late.data().path("codeUrl").isMissingNode()).as("no code handed out").isTrue();
        assertThat(Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + wxSn).path("transactions").path(0).path("trade_state")
                .asText()).as("the order WeChat made meanwhile is closed").isEqualTo("CLOSED");
        assertThat(pcStatus(u, orderSn).path("payMode").asText()).isEqualTo("ALIPAY");
    }

    /** A payment-rpc older than MarkPrepaid, as a rolling deploy may route to: it forwards what it knows, the mark is UNIMPLEMENTED. */
    private static final class PaymentRpcBeforeTheMark extends paymentGrpc.paymentImplBase {
        @Override
        public void createPayment(CreatePaymentReq req, StreamObserver<CreatePaymentResp> out) {
            forward(() -> payment.createPayment(req), out);
        }

        @Override
        public void getPaymentBySn(GetPaymentBySnReq req, StreamObserver<GetPaymentBySnResp> out) {
            forward(() -> payment.getPaymentBySn(req), out);
        }

        private static <T> void forward(java.util.function.Supplier<T> call, StreamObserver<T> out) {
            try {
                out.onNext(call.get());
                out.onCompleted();
            } catch (StatusRuntimeException e) {
                out.onError(e);
            }
        }
    }

    @Test
    void markPrepaid_answeredUnimplemented_byAnOlderPaymentRpc_handsOutNoCode_andTheNextTryDoes() throws Exception {
        User u = newUser(false);
        String orderSn = newOrder(u);
        Server beforeTheMark = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new PaymentRpcBeforeTheMark()).build().start();
        PaymentApiConfig c = apiSvc.config();
        ServiceContext midDeploy = new ServiceContext(new PaymentApiConfig(c.name(), c.host(), MeshProcess.freePort(), c.maxBytes(),
                c.idleTimeout(), c.readTimeout(), c.maxHeaderBytes(), c.devServer(), c.jwtAuth(), c.redis(), c.orderRpcConf(),
                TestInfra.asCaller(RpcClientConf.direct(List.of("127.0.0.1:" + beforeTheMark.getPort())), "payment-api"),
                c.usercenterRpcConf(), c.wxPayConf(), c.alipayConf(), c.queryWaitingPaymentAfter(), c.notifyAudit(),
                c.queryWaitingPaymentEvery(), c.rateLimit()));
        RestServer midDeployApi = Routes.register(new RestServer(midDeploy.config().rest(), midDeploy.metrics()), midDeploy).start();
        try {
            Http.Reply r = Http.post(midDeployApi.port(), PATH + "thirdPaymentWxNativePay",
                    "{\"orderSn\":\"" + orderSn + "\",\"serviceType\":\"homestayOrder\"}", u.token());

            assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
            assertThat(r.code()).as("busy, try again").isEqualTo(100001);
            assertThat(r.data().path("codeUrl").isMissingNode()).as("no code handed out unmarked").isTrue();
            String sn = onlyPayment(orderSn).getSn();
            assertThat(awaitsMarkAndPrepaid(sn)).as("made by the newer payment-rpc: it awaits the mark, and has none")
                    .isEqualTo(List.of(1, 0));

            Http.Reply again = nativePay(u, orderSn); // the next try reaches a payment-rpc that marks
            assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
            assertThat(again.data().path("codeUrl").asText()).isNotEmpty();
            assertThat(onlyPayment(orderSn).getSn()).isEqualTo(sn);
            assertThat(awaitsMarkAndPrepaid(sn)).isEqualTo(List.of(1, 1));
        } finally {
            midDeployApi.close();
            midDeploy.close();
            beforeTheMark.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    /** The payment's awaits_mark and whether it was marked (1/0). */
    private static List<Integer> awaitsMarkAndPrepaid(String sn) {
        return paymentJdbi().withHandle(h -> h.createQuery("SELECT awaits_mark, prepaid_at IS NOT NULL FROM third_payment WHERE sn = :sn")
                .bind("sn", sn).map((rs, ctx) -> List.of(rs.getInt(1), rs.getInt(2))).one());
    }
}
