package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import looklook.payment.rpc.config.PaymentRpcConfig;
import looklook.payment.rpc.logic.PruneWxPayNotifiesLogic;
import looklook.payment.rpc.logic.UpdateTradeStateLogic;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.server.PaymentServer;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.alipay.AlipayConf;
import looklook.pkg.conf.DbConf;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.outbox.OutboxRelay;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.rpc.RpcClients;
import looklook.pkg.rpc.RpcServer;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.SandboxProcess;
import looklook.pkg.wechat.WxPayConf;
import looklook.pkg.testing.TopicTail;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.CreatePaymentResp;
import looklook.proto.payment.GetPaymentBySnReq;
import looklook.proto.payment.GetPaymentSuccessRefundByOrderSnReq;
import looklook.proto.payment.GetPaymentsByOrderSnReq;
import looklook.proto.payment.PaymentDetail;
import looklook.proto.payment.RecordWxPayNotifiesReq;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.UpdateRefundStatusReq;
import looklook.proto.payment.UpdateTradeStateReq;
import looklook.proto.payment.UpdateTradeStateResp;
import looklook.proto.payment.paymentGrpc;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** payment-rpc in this JVM on a fresh database, publishing to the real Kafka topic. */
class PaymentRpcIT {
    private static final String TOPIC = "payment-update-paystatus-topic";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MysqlDsn dsn;
    private static ServiceContext svc;
    private static RpcServer server;
    private static ManagedChannel channel;
    private static paymentGrpc.paymentBlockingStub rpc;

    @TempDir
    static Path tmp;
    private static SandboxProcess.Running sim;

    static PaymentRpcConfig config(MysqlDsn db) throws Exception {
        return config(db, sim);
    }

    /** Two refunds of one payment this far apart: above WeChat's minute at the simulator's TimeFactor 0.001 (60 ms). */
    static final long REFUND_SPACING_MS = 100;

    /** payment-rpc's config on {@code db}, talking to {@code sim} as WeChat, without order-rpc (nothing here quotes). */
    static PaymentRpcConfig config(MysqlDsn db, SandboxProcess.Running sim) throws Exception {
        return config(db, sim, null);
    }

    /** The same, reading orders from {@code orderRpc}. */
    static PaymentRpcConfig config(MysqlDsn db, SandboxProcess.Running sim, RpcClientConf orderRpc) throws Exception {
        return config(db, sim, orderRpc, null);
    }

    /** The same, the refund pump querying an accepted refund {@code refundQueryAfterMs} later (null: the default minute). */
    static PaymentRpcConfig config(MysqlDsn db, SandboxProcess.Running sim, RpcClientConf orderRpc, Long refundQueryAfterMs)
            throws Exception {
        WxPayConf wx = new WxPayConf("1900000109", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                sim.keyDir().resolve("apiclient_key.pem").toString(), "PUB_KEY_ID_0119000001092025010100000000000001",
                sim.keyDir().resolve("pub_key.pem").toString(), Files.readString(sim.keyDir().resolve("apiv3_key")).trim(),
                "http://127.0.0.1:1/unused", null, sim.baseUrl(), SandboxProcess.APP_ID, null);
        return new PaymentRpcConfig("payment-rpc", "127.0.0.1:0", null, 5000L, null, new DevServerConf("127.0.0.1", 0),
                new DbConf(db.goDsn(), 20), new KafkaConf(List.of(TestInfra.kafkaBootstrap())), wx,
                ThreadLocalRandom.current().nextInt(1000), null, null, null, null, null, orderRpc, null,
                REFUND_SPACING_MS, refundQueryAfterMs, null, alipay(sim));
    }

    /** The simulator's Alipay app and merchant, as ./mesh configures them. */
    static AlipayConf alipay(SandboxProcess.Running sim) {
        return new AlipayConf(SandboxProcess.ALIPAY_APP_ID, SandboxProcess.ALIPAY_SELLER_ID,
                sim.keyDir().resolve("alipay_app_private_key.pem").toString(),
                sim.keyDir().resolve("alipay_public_key.pem").toString(), sim.baseUrl() + "/gateway.do",
                "http://127.0.0.1:1/alipay-unused", true, null);
    }

    @BeforeAll
    static void start() throws Exception {
        sim = SandboxProcess.start(tmp, 0.001);
        dsn = TestInfra.freshDatabase("looklook_payment");
        svc = new ServiceContext(config(dsn));
        server = new RpcServer(svc.config().rpcServer(), svc.metrics(), List.of(new PaymentServer(svc))).start();
        channel = RpcClients.channel(RpcClientConf.direct(List.of("127.0.0.1:" + server.port())), svc.metrics());
        rpc = paymentGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        server.close();
        svc.close();
        sim.close();
        DataSources.dropDatabase(dsn);
    }

    static String newOrderSn() {
        return "HSO" + String.format("%022d", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    static String create(long userId, long total, String orderSn) {
        return rpc.createPayment(CreatePaymentReq.newBuilder().setUserId(userId).setPayModel("WECHAT_PAY")
                .setPayTotal(total).setOrderSn(orderSn).setServiceType("homestayOrder").build()).getSn();
    }

    static UpdateTradeStateReq success(String sn) {
        return UpdateTradeStateReq.newBuilder().setSn(sn).setPayStatus(1).setTradeState("SUCCESS").setTradeType("JSAPI")
                .setTransactionId("4200000000" + sn.substring(13)).setTradeStateDesc("paid").setPayTime(1_767_225_600L).build();
    }

    static UpdateTradeStateReq to(String sn, int payStatus) {
        return UpdateTradeStateReq.newBuilder().setSn(sn).setPayStatus(payStatus).build();
    }

    private static BizException bizError(Supplier<?> call) {
        try {
            RpcCalls.call(call);
        } catch (BizException e) {
            return e;
        }
        throw new AssertionError("expected a business error");
    }

    /** The one number {@code sql} selects, with {@code args} bound in order (ReconcileIT uses it too). */
    static long count(Jdbi jdbi, String sql, Object... args) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    private static PaymentDetail detail(String sn) {
        return rpc.getPaymentBySn(GetPaymentBySnReq.newBuilder().setSn(sn).build()).getPaymentDetail();
    }

    @Test
    void createPayment_retryBySameUserAndAmount_reusesTheWaitingPayment() {
        String orderSn = newOrderSn();
        String first = create(7, 65_600, orderSn);
        assertThat(first).matches("PMT\\d{22}");
        assertThat(create(7, 65_600, orderSn)).isEqualTo(first);
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_payment WHERE order_sn = ?", orderSn)).isEqualTo(1);

        PaymentDetail d = detail(first);
        assertThat(d.getOrderSn()).isEqualTo(orderSn);
        assertThat(d.getPayTotal()).isEqualTo(65_600);
        assertThat(d.getPayStatus()).isZero();
        assertThat(d.getPayMode()).isEqualTo("WECHAT_PAY");
        assertThat(d.getCreateTime()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));

        assertThat(bizError(() -> create(8, 65_600, orderSn)).code()).isEqualTo(ErrorCode.PAYMENT_CONFLICT.code());
        BizException amount = bizError(() -> create(7, 65_601, orderSn));
        assertThat(amount.code()).isEqualTo(ErrorCode.PAYMENT_CONFLICT.code());
        assertThat(amount.userMessage()).contains(orderSn).contains("65601 fen");
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_payment WHERE order_sn = ?", orderSn)).isEqualTo(1);
    }

    @Test
    void createPayment_fixesWhatItsPrepaysSendAtTheFirst_theDescriptionCutTo127Utf8Bytes() {
        String orderSn = newOrderSn();
        long deadline = System.currentTimeMillis() / 1000 + 900;
        String title = "湖畔民宿".repeat(12) + "小屋"; // 50 characters, 150 bytes
        CreatePaymentResp first = rpc.createPayment(prepayReq(orderSn, title, "https://pay.example.com/notify", deadline));
        assertThat(first.getDescription()).isEqualTo(title.substring(0, 42)); // 126 bytes; a 43rd character would be 129
        assertThat(first.getNotifyUrl()).isEqualTo("https://pay.example.com/notify");
        assertThat(first.getExpireTime()).isEqualTo(deadline);

        // the user tries again after the title was edited, the notify URL reconfigured and the deadline moved
        CreatePaymentResp retry = rpc.createPayment(prepayReq(orderSn, "renamed", "https://new.example.com/notify", deadline + 60));
        assertThat(retry.getReused()).isTrue();
        assertThat(retry.getSn()).isEqualTo(first.getSn());
        assertThat(List.of(retry.getDescription(), retry.getNotifyUrl(), Long.toString(retry.getExpireTime())))
                .as("what WeChat got the first time").containsExactly(first.getDescription(), first.getNotifyUrl(),
                        Long.toString(deadline));
    }

    @Test
    void createPayment_ofARowFromBeforeThePrepayFields_keepsWhatItsNextPrepaySends() {
        String orderSn = newOrderSn();
        String sn = create(7, 500, orderSn); // no description nor notify URL: as rows made before they were kept
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_payment WHERE sn = ? AND description = ''", sn)).isEqualTo(1);
        assertThat(rpc.createPayment(prepayReq(orderSn, "lake house", "https://pay.example.com/n", 0)).getDescription())
                .isEqualTo("lake house");
        CreatePaymentResp later = rpc.createPayment(prepayReq(orderSn, "renamed", "https://other.example.com/n", 0));
        assertThat(later.getSn()).isEqualTo(sn);
        assertThat(later.getDescription()).isEqualTo("lake house");
        assertThat(later.getNotifyUrl()).isEqualTo("https://pay.example.com/n");
    }

    private static CreatePaymentReq prepayReq(String orderSn, String description, String notifyUrl, long expireTime) {
        return CreatePaymentReq.newBuilder().setUserId(7).setPayModel("WECHAT_PAY").setPayTotal(500).setOrderSn(orderSn)
                .setServiceType("homestayOrder").setExpireTime(expireTime).setDescription(description)
                .setNotifyUrl(notifyUrl).build();
    }

    @Test
    void createPayment_tenAtOnce_leaveOneWaitingPayment() throws Exception {
        String orderSn = newOrderSn();
        List<String> sns = concurrently(10, () -> create(9, 1_000, orderSn));
        assertThat(sns).hasSize(10).containsOnly(sns.get(0));
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_payment WHERE order_sn = ?", orderSn)).isEqualTo(1);
    }

    @Test
    void updateTradeState_tenIdenticalCallsAtOnce_changeOnceAndPublishOneEvent() throws Exception {
        String orderSn = newOrderSn();
        String sn = create(11, 32_800, orderSn);
        try (TopicTail tail = new TopicTail(TOPIC)) {
            List<UpdateTradeStateResp> answers = concurrently(10, () -> rpc.updateTradeState(success(sn)));

            assertThat(answers.stream().filter(UpdateTradeStateResp::getChanged)).hasSize(1);
            assertThat(answers).allSatisfy(a -> assertThat(a.getPaymentDetail().getPayStatus()).isEqualTo(1));
            assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM outbox WHERE msg_key = ?", orderSn)).isEqualTo(1);

            List<ConsumerRecord<String, String>> got = tail.read(r -> orderSn.equals(r.key()), 1, Duration.ofSeconds(20));
            assertThat(got).hasSize(1);
            JsonNode v = JSON.readTree(got.get(0).value());
            assertThat(v.path("payStatus").asInt()).isEqualTo(1);
            assertThat(v.path("orderSn").asText()).isEqualTo(orderSn);
            assertThat(v.path("paymentSn").asText()).isEqualTo(sn);
            assertThat(v.path("occurredAt").asLong()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
            String eventId = new String(got.get(0).headers().lastHeader(OutboxRelay.EVENT_ID_HEADER).value(), StandardCharsets.UTF_8);
            assertThat(v.path("eventId").asText()).isEqualTo(eventId);
            assertThat(got.get(0).value()).isEqualTo("{\"payStatus\":1,\"orderSn\":\"" + orderSn + "\",\"paymentSn\":\"" + sn
                    + "\",\"eventId\":\"" + eventId + "\",\"occurredAt\":" + v.path("occurredAt").asLong() + "}");
        }
        PaymentDetail d = detail(sn);
        assertThat(d.getTradeState()).isEqualTo("SUCCESS");
        assertThat(d.getTradeType()).isEqualTo("JSAPI");
        assertThat(d.getTransactionId()).startsWith("4200000000");
        assertThat(d.getPayTime()).isEqualTo(1_767_225_600L);
        assertThat(rpc.getPaymentSuccessRefundByOrderSn(GetPaymentSuccessRefundByOrderSnReq.newBuilder()
                .setOrderSn(orderSn).build()).getPaymentDetail().getSn()).isEqualTo(sn);
    }

    @Test
    void updateTradeState_ofAnotherAmountThanExpected_movesNothing_butOfTheSameAmountPays() {
        String orderSn = newOrderSn();
        String sn = create(13, 32_800, orderSn);
        // a closed payment too: an amount that is not its own must not even become late money
        String closed = create(14, 500, newOrderSn());
        rpc.updateTradeState(to(closed, 3));

        UpdateTradeStateResp other = rpc.updateTradeState(success(sn).toBuilder().setExpectPayTotal(32_801).build());
        UpdateTradeStateResp otherClosed = rpc.updateTradeState(success(closed).toBuilder().setExpectPayTotal(1).build());

        assertThat(other.getPayTotalMismatch()).isTrue();
        assertThat(other.getChanged()).isFalse();
        assertThat(other.getPaymentDetail().getPayTotal()).as("the payment's own amount, for the caller's message").isEqualTo(32_800);
        assertThat(detail(sn).getPayStatus()).isZero();
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM outbox WHERE msg_key = ?", orderSn)).as("no pay event").isZero();
        assertThat(otherClosed.getPayTotalMismatch()).isTrue();
        assertThat(detail(closed).getTradeState()).as("no late money recorded").isNotEqualTo("SUCCESS");
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_refund WHERE payment_sn = ?", closed)).isZero();

        UpdateTradeStateResp same = rpc.updateTradeState(success(sn).toBuilder().setExpectPayTotal(32_800).build());

        assertThat(same.getPayTotalMismatch()).isFalse();
        assertThat(same.getChanged()).isTrue();
        assertThat(detail(sn).getPayStatus()).isEqualTo(1);
    }

    @Test
    void updateTradeState_onlyDocumentedTransitions() {
        String orderSn = newOrderSn();
        String closed = create(12, 500, orderSn);
        assertThat(bizError(() -> rpc.updateTradeState(to(closed, 2))).code())
                .as("wait -> refunded").isEqualTo(ErrorCode.PAYMENT_PAY_STATUS_FORBIDDEN.code());
        assertThat(rpc.updateTradeState(to(closed, 3)).getChanged()).isTrue();
        // WeChat took money for it anyway: kept as late money, refunded, and the order hears nothing
        UpdateTradeStateResp late = rpc.updateTradeState(success(closed));
        assertThat(late.getChanged()).as("closed -> late money recorded").isTrue();
        assertThat(late.getPaymentDetail().getPayStatus()).as("still closed: it never counts").isEqualTo(3);
        assertThat(late.getPaymentDetail().getTradeState()).isEqualTo("SUCCESS");
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_refund WHERE payment_sn = ? AND refund_status = 0", closed))
                .as("its refund is queued for the refund pump").isEqualTo(1);
        assertThat(rpc.updateTradeState(success(closed)).getChanged()).as("a repeated report").isFalse();
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_refund WHERE payment_sn = ?", closed)).isEqualTo(1);
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM outbox WHERE msg_key = ?", orderSn)).as("no pay event").isZero();

        // a closed payment no longer blocks the order: the next prepay gets a new payment
        String paid = create(12, 500, orderSn);
        assertThat(paid).isNotEqualTo(closed);
        assertThat(rpc.updateTradeState(success(paid)).getChanged()).isTrue();
        assertThat(bizError(() -> rpc.updateTradeState(to(paid, 3))).code()).isEqualTo(ErrorCode.PAYMENT_PAY_STATUS_FORBIDDEN.code());
        assertThat(bizError(() -> rpc.updateTradeState(to(paid, -1))).code()).isEqualTo(ErrorCode.PAYMENT_PAY_STATUS_FORBIDDEN.code());
        assertThat(bizError(() -> rpc.updateTradeState(to(paid, 0))).code()).isEqualTo(ErrorCode.PAYMENT_PAY_STATUS_FORBIDDEN.code());
        assertThat(bizError(() -> create(12, 500, orderSn)).code()).isEqualTo(ErrorCode.PAYMENT_ORDER_ALREADY_PAID.code());

        assertThat(rpc.updateTradeState(to(paid, 2)).getChanged()).as("success -> refunded").isTrue();
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM outbox WHERE msg_key = ?", orderSn)).as("paid and refunded").isEqualTo(2);
        assertThat(rpc.getPaymentsByOrderSn(GetPaymentsByOrderSnReq.newBuilder().setOrderSn(orderSn).build()).getListList())
                .extracting(PaymentDetail::getSn, PaymentDetail::getPayStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(paid, 2L), org.assertj.core.groups.Tuple.tuple(closed, 3L));
    }

    @Test
    void stuckMoneyGauges_countPaymentsWaitingPastTheirWindow_andRefundsThatDoNotSettle() {
        double waitingBefore = svc.metrics().get("payment.waiting.stale").gauge().value();
        double refundsBefore = svc.metrics().get("refund.processing.stale").gauge().value();
        double failedBefore = svc.metrics().get("refund.failed").gauge().value();
        String waiting = create(21, 300, newOrderSn());
        svc.jdbi().useHandle(h -> h.execute("UPDATE third_payment SET expire_time = UNIX_TIMESTAMP() - 600 WHERE sn = ?", waiting));
        assertThat(svc.metrics().get("payment.waiting.stale").gauge().value()).as("waiting 10 min past its time_expire")
                .isEqualTo(waitingBefore + 1);

        String paidOrder = newOrderSn();
        String paid = create(22, 400, paidOrder);
        rpc.updateTradeState(success(paid));
        svc.jdbi().useHandle(h -> {
            h.execute("INSERT INTO third_refund (sn, payment_sn, order_sn, user_id, refund_amount, refund_status, next_try_at, "
                    + "create_time) VALUES (?, ?, ?, 22, 400, 0, UNIX_TIMESTAMP() * 1000 + 3600000, NOW(3) - INTERVAL 11 MINUTE)",
                    "RFD" + paid.substring(3), paid, paidOrder);
        });
        assertThat(svc.metrics().get("refund.processing.stale").gauge().value()).as("processing for 11 minutes")
                .isEqualTo(refundsBefore + 1);
        svc.jdbi().useHandle(h -> h.execute("UPDATE third_refund SET refund_status = 2 WHERE payment_sn = ?", paid));
        assertThat(svc.metrics().get("refund.failed").gauge().value()).as("closed by WeChat, money not back")
                .isEqualTo(failedBefore + 1);
    }

    @Test
    void abnormalRefund_settlesWhenWeChatLaterSaysSuccess_butNeverGoesBackToProcessingOrClosed() {
        String orderSn = newOrderSn();
        String paid = create(23, 500, orderSn);
        rpc.updateTradeState(success(paid));
        String refundSn = "RFD" + paid.substring(3);
        svc.jdbi().useHandle(h -> h.execute("INSERT INTO third_refund (sn, payment_sn, order_sn, user_id, refund_amount, "
                + "refund_status, next_try_at, create_time) VALUES (?, ?, ?, 23, 500, 0, UNIX_TIMESTAMP() * 1000 + 3600000, NOW(3))",
                refundSn, paid, orderSn));
        UpdateRefundStatusReq abnormal = UpdateRefundStatusReq.newBuilder().setRefundSn(refundSn).setRefundStatus(ThirdRefund.ABNORMAL)
                .setRefundAmount(500).setRefundId("50300000000000000001").build();
        assertThat(rpc.updateRefundStatus(abnormal).getChanged()).isTrue();
        assertThat(bizError(() -> rpc.updateRefundStatus(abnormal.toBuilder().setRefundStatus(ThirdRefund.CLOSED).build())).code())
                .isEqualTo(ErrorCode.REFUND_NOT_ALLOWED.code());

        // the abnormal refund was applied for (the card was closed): WeChat pays it out and says SUCCESS
        assertThat(rpc.updateRefundStatus(abnormal.toBuilder().setRefundStatus(ThirdRefund.SUCCESS).setSuccessTime(1_700_000_000)
                .build()).getChanged()).isTrue();
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_refund WHERE sn = ? AND refund_status = 1", refundSn)).isEqualTo(1);
        assertThat(rpc.getPaymentBySn(GetPaymentBySnReq.newBuilder().setSn(paid).build()).getPaymentDetail().getPayStatus())
                .as("refunded").isEqualTo(2);
        assertThat(bizError(() -> rpc.updateRefundStatus(abnormal)).code()).as("SUCCESS is final")
                .isEqualTo(ErrorCode.REFUND_NOT_ALLOWED.code());
    }

    @Test
    void unknownPayment_isAnAnswerOnReadAndAnErrorOnUpdate() {
        String sn = "PMT" + "9".repeat(22);
        assertThat(rpc.getPaymentBySn(GetPaymentBySnReq.newBuilder().setSn(sn).build()).hasPaymentDetail()).isFalse();
        assertThat(bizError(() -> rpc.updateTradeState(success(sn))).code()).isEqualTo(ErrorCode.PAYMENT_NOT_FOUND.code());
        assertThat(rpc.getPaymentSuccessRefundByOrderSn(GetPaymentSuccessRefundByOrderSnReq.newBuilder()
                .setOrderSn(newOrderSn()).build()).hasPaymentDetail()).isFalse();
    }

    @Test
    void badInput_isRefusedNamingTheField() {
        String orderSn = newOrderSn();
        CreatePaymentReq ok = CreatePaymentReq.newBuilder().setUserId(1).setPayModel("WECHAT_PAY").setPayTotal(100)
                .setOrderSn(orderSn).setServiceType("homestayOrder").build();
        List<Supplier<?>> bad = List.of(
                () -> rpc.createPayment(ok.toBuilder().setUserId(0).build()),
                () -> rpc.createPayment(ok.toBuilder().setPayModel("PAYPAL").build()),
                () -> rpc.createPayment(ok.toBuilder().setPayModel("ALIPAY").setTradeType("NATIVE").build()),
                () -> rpc.createPayment(ok.toBuilder().setPayTotal(0).build()),
                () -> rpc.createPayment(ok.toBuilder().setPayTotal(100_000_001).build()),
                () -> rpc.createPayment(ok.toBuilder().setOrderSn("HSO123").build()),
                () -> rpc.createPayment(ok.toBuilder().setServiceType("travel").build()),
                () -> rpc.updateTradeState(to("PMT1", 1)),
                () -> rpc.updateTradeState(to("PMT" + "1".repeat(22), 7)),
                () -> rpc.updateTradeState(to("PMT" + "1".repeat(22), 1)),
                () -> rpc.getPaymentsByOrderSn(GetPaymentsByOrderSnReq.newBuilder().setOrderSn("x").build()),
                () -> rpc.recordWxPayNotify(RecordWxPayNotifyReq.newBuilder().setBody("{}").build()));
        for (Supplier<?> call : bad) {
            BizException e = bizError(call);
            assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
            assertThat(e.userMessage()).containsAnyOf("userId", "payModel", "payTotal", "orderSn", "serviceType", "sn",
                    "payStatus", "transactionId", "outcome", "tradeType");
        }
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_payment WHERE order_sn = ?", orderSn)).isZero();
    }

    @Test
    void recordWxPayNotify_keepsTheRawNotify() {
        String body = "{\"id\":\"n-1\",\"resource\":{\"ciphertext\":\"" + "x".repeat(5000) + "\"}}";
        long id = rpc.recordWxPayNotify(RecordWxPayNotifyReq.newBuilder().setNotifyId("n-1").setEventType("TRANSACTION.SUCCESS")
                .setPaymentSn("PMT1").setOutcome("rejected").setDetail("d".repeat(300)).setHttpStatus(401)
                .putHeaders("Wechatpay-Serial", "PUB_KEY_ID_X").setBody(body).build()).getId();
        var row = svc.jdbi().withHandle(h -> h.createQuery("SELECT body, headers, outcome, http_status, detail FROM third_payment_notify WHERE id = ?")
                .bind(0, id).mapToMap().one());
        assertThat(row.get("body")).isEqualTo(body);
        assertThat(row.get("headers")).isEqualTo("{\"Wechatpay-Serial\":\"PUB_KEY_ID_X\"}");
        assertThat(row.get("outcome")).isEqualTo("rejected");
        assertThat(((Number) row.get("http_status")).intValue()).isEqualTo(401);
        assertThat((String) row.get("detail")).hasSize(255);
    }

    @Test
    void recordWxPayNotify_keepsLengthHashAndPrefixOfARefusedOne() {
        String sha = "ab".repeat(32);
        long id = rpc.recordWxPayNotify(RecordWxPayNotifyReq.newBuilder().setOutcome("rejected").setHttpStatus(401)
                .setVerified(false).setBodyLength(40_000).setBodySha256(sha).setBody("{\"id\":\"forged").build()).getId();
        var row = svc.jdbi().withHandle(h -> h.createQuery(
                "SELECT verified, body_length, body_sha256, body FROM third_payment_notify WHERE id = ?").bind(0, id).mapToMap().one());
        assertThat(((Number) row.get("verified")).intValue()).isZero();
        assertThat(((Number) row.get("body_length")).longValue()).isEqualTo(40_000);
        assertThat(row.get("body_sha256")).isEqualTo(sha);
        assertThat(row.get("body")).isEqualTo("{\"id\":\"forged");
    }

    @Test
    void recordWxPayNotifies_keepsEveryEntryOfTheBatch_asEachAlone() {
        String tag = TestInfra.unique("batch");
        RecordWxPayNotifiesReq.Builder batch = RecordWxPayNotifiesReq.newBuilder();
        for (int i = 0; i < 3; i++) {
            batch.addNotifies(RecordWxPayNotifyReq.newBuilder().setNotifyId(tag + "-" + i).setOutcome(i == 2 ? "rejected" : "applied")
                    .setHttpStatus(i == 2 ? 401 : 204).setVerified(i != 2).setDetail("d".repeat(300))
                    .putHeaders("Wechatpay-Nonce", "n" + i).setBody("{\"n\":" + i + "}").build());
        }

        assertThat(rpc.recordWxPayNotifies(batch.build()).getRecorded()).isEqualTo(3);

        var rows = svc.jdbi().withHandle(h -> h.createQuery("SELECT notify_id, outcome, http_status, verified, headers, detail, body "
                + "FROM third_payment_notify WHERE notify_id LIKE ? ORDER BY notify_id").bind(0, tag + "-%").mapToMap().list());
        assertThat(rows).extracting(r -> r.get("notify_id")).containsExactly(tag + "-0", tag + "-1", tag + "-2");
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("applied", "applied", "rejected");
        assertThat(rows).extracting(r -> ((Number) r.get("verified")).intValue()).containsExactly(1, 1, 0);
        assertThat(rows.get(1).get("headers")).isEqualTo("{\"Wechatpay-Nonce\":\"n1\"}");
        assertThat(rows.get(2).get("body")).isEqualTo("{\"n\":2}");
        assertThat((String) rows.get(0).get("detail")).as("cut as a single notify is").hasSize(255);
    }

    @Test
    void recordWxPayNotifies_keepsABatchOfOne_asABatchOfMany() {
        String tag = TestInfra.unique("single");
        RecordWxPayNotifiesReq one = RecordWxPayNotifiesReq.newBuilder().addNotifies(RecordWxPayNotifyReq.newBuilder()
                .setNotifyId(tag).setOutcome("applied").setHttpStatus(204).setVerified(true).setDetail("d".repeat(300))
                .putHeaders("Wechatpay-Nonce", "n").setBody("{\"n\":1}").build()).build();

        assertThat(rpc.recordWxPayNotifies(one).getRecorded()).isEqualTo(1);

        var row = svc.jdbi().withHandle(h -> h.createQuery("SELECT outcome, http_status, verified, headers, detail, body "
                + "FROM third_payment_notify WHERE notify_id = ?").bind(0, tag).mapToMap().one());
        assertThat(row.get("outcome")).isEqualTo("applied");
        assertThat(((Number) row.get("http_status")).intValue()).isEqualTo(204);
        assertThat(row.get("headers")).isEqualTo("{\"Wechatpay-Nonce\":\"n\"}");
        assertThat(row.get("body")).isEqualTo("{\"n\":1}");
        assertThat((String) row.get("detail")).hasSize(255);
    }

    @Test
    void recordWxPayNotifies_refusesTheWholeBatch_forOneBadEntry_orASizeOutOfBounds() {
        String tag = TestInfra.unique("badbatch");
        RecordWxPayNotifyReq good = RecordWxPayNotifyReq.newBuilder().setNotifyId(tag).setOutcome("applied").setBody("{}").build();
        RecordWxPayNotifiesReq oneBad = RecordWxPayNotifiesReq.newBuilder().addNotifies(good)
                .addNotifies(good.toBuilder().setOutcome(" ")).build();
        RecordWxPayNotifiesReq tooMany = RecordWxPayNotifiesReq.newBuilder()
                .addAllNotifies(java.util.Collections.nCopies(101, good)).build();

        RecordWxPayNotifiesReq hugeHeaders = RecordWxPayNotifiesReq.newBuilder().addNotifies(good)
                .addNotifies(good.toBuilder().putHeaders("Wechatpay-Nonce", "n".repeat(70_000))).build();

        assertThat(bizError(() -> rpc.recordWxPayNotifies(oneBad)).userMessage()).contains("notifies[1].outcome");
        assertThat(bizError(() -> rpc.recordWxPayNotifies(hugeHeaders)).code()).as("a bad entry, not a database error")
                .isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(bizError(() -> rpc.recordWxPayNotifies(tooMany)).userMessage()).contains("notifies: 101 entries");
        assertThat(bizError(() -> rpc.recordWxPayNotifies(RecordWxPayNotifiesReq.getDefaultInstance())).code())
                .isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_payment_notify WHERE notify_id = ?", tag)).isZero();
    }

    @Test
    void notifyRetention_deletesRowsOlderThanTheRetentionOnly() {
        long old = rpc.recordWxPayNotify(RecordWxPayNotifyReq.newBuilder().setOutcome("applied").setHttpStatus(204)
                .setVerified(true).setBody("{}").build()).getId();
        long fresh = rpc.recordWxPayNotify(RecordWxPayNotifyReq.newBuilder().setOutcome("applied").setHttpStatus(204)
                .setVerified(true).setBody("{}").build()).getId();
        svc.jdbi().useHandle(h -> h.execute("UPDATE third_payment_notify SET create_time = NOW(3) - INTERVAL ? DAY WHERE id = ?",
                svc.config().notifyRetentionDays() + 1, old));

        int deleted = new PruneWxPayNotifiesLogic(svc).pruneOnce();

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_payment_notify WHERE id = ?", old)).isZero();
        assertThat(count(svc.jdbi(), "SELECT COUNT(*) FROM third_payment_notify WHERE id = ?", fresh)).isEqualTo(1);
    }

    @Test
    void kafkaUnreachable_eventsStayUnsentThenArePublishedByAWorkingRelay() throws Exception {
        MysqlDsn db = TestInfra.freshDatabase("looklook_payment");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // nothing listens there
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        ServiceContext down = new ServiceContext(config(db), new KafkaProducer<>(p));
        try (TopicTail tail = new TopicTail(TOPIC);
             Producer<String, String> working = Kafka.producer(new KafkaConf(List.of(TestInfra.kafkaBootstrap())), "payment-test")) {
            String orderSn = newOrderSn();
            String sn = new looklook.payment.rpc.logic.CreatePaymentLogic(down).createPayment(CreatePaymentReq.newBuilder()
                    .setUserId(5).setPayModel("WECHAT_PAY").setPayTotal(700).setOrderSn(orderSn).setServiceType("homestayOrder")
                    .build()).getSn();
            assertThat(new UpdateTradeStateLogic(down).updateTradeState(success(sn)).getChanged()).isTrue();

            // the hand-off failed and left the row to the sweep, which takes it when its reserve ends (30 s; ended here)
            Thread.sleep(1_000); // the hand-off's send gives up after 300 ms
            assertThat(count(down.jdbi(), "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND msg_key = ?", orderSn)).isEqualTo(1);
            down.jdbi().useHandle(h -> h.execute("UPDATE outbox SET claimed_until = 0 WHERE msg_key = ?", orderSn));
            // the sweep tried, failed, and kept the row
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    count(down.jdbi(), "SELECT COUNT(*) FROM outbox WHERE msg_key = ? AND attempts > 0", orderSn) == 1);
            assertThat(count(down.jdbi(), "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND msg_key = ?", orderSn)).isEqualTo(1);

            down.relay().close();
            OutboxRelay relay = new OutboxRelay(down.jdbi(), working, null, Duration.ofMillis(50), new SimpleMeterRegistry());
            // the failed row is backed off for a second, then goes out
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                relay.relayOnce();
                return count(down.jdbi(), "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND msg_key = ?", orderSn) == 0;
            });
            List<ConsumerRecord<String, String>> got = tail.read(r -> orderSn.equals(r.key()), 1, Duration.ofSeconds(20));
            assertThat(got).hasSize(1);
            assertThat(got.get(0).value()).contains("\"paymentSn\":\"" + sn + "\"");
        } finally {
            down.close();
            DataSources.dropDatabase(db);
        }
    }

    /** {@code call} run by {@code n} threads released at once; the answers in thread order. */
    static <T> List<T> concurrently(int n, java.util.concurrent.Callable<T> call) throws Exception {
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
