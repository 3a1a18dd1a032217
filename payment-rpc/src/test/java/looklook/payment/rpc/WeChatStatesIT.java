package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import looklook.payment.rpc.logic.CreatePaymentLogic;
import looklook.payment.rpc.logic.ReconcileTradeBillLogic;
import looklook.payment.rpc.logic.ReconcileWaitingPaymentsLogic;
import looklook.payment.rpc.logic.RefundPaymentLogic;
import looklook.payment.rpc.logic.SettleOrderPaymentsLogic;
import looklook.payment.rpc.logic.UpdateTradeStateLogic;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.SandboxProcess;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.ReconcileTradeBillReq;
import looklook.proto.payment.ReconcileTradeBillResp;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import looklook.proto.payment.UpdateTradeStateReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What payment-rpc does with states WeChat reaches on its own (a refund made by hand on the merchant
 * platform, a coupon, a payment the bank refused) and with WeChat answers it cannot believe (a probe
 * signature on the answer): an unbelievable answer is an unknown outcome, never a success nor a
 * definite failure, and is settled by asking WeChat again.
 */
class WeChatStatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path tmp;
    private static SandboxProcess.Running sim;
    private static SimAndPayments fx;
    private static ServiceContext svc;

    @BeforeAll
    static void start() throws Exception {
        fx = SimAndPayments.start(tmp);
        sim = fx.sim();
        svc = fx.svc();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @BeforeEach
    void noFaults() throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/v1/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void refundMadeByHand_ofAPaymentWaitingHere_makesItPaid_notClosed() throws Exception {
        String sn = payment(1_000);
        pay(sn, 1_000, Map.of()); // its notify is lost (the notify url answers nothing)
        merchantRefund(sn, 1_000);
        assertThat(tradeStateAtWeChat(sn)).isEqualTo("REFUND");

        SettleOrderPaymentsResp r = settle(sn, true);

        assertThat(r.getPaid()).as("the money was taken").isTrue();
        assertThat(r.getClosed()).isZero();
        assertThat(payStatus(sn)).isEqualTo(1);
        assertThat(tradeStateHere(sn)).isEqualTo("REFUND");
    }

    @Test
    void refundMadeByHand_seenByTheReconcileTick_makesTheWaitingPaymentPaid() throws Exception {
        String sn = payment(1_100);
        pay(sn, 1_100, Map.of());
        merchantRefund(sn, 500);

        assertThat(tick(sn).getPaid()).isEqualTo(1);
        assertThat(payStatus(sn)).isEqualTo(1);
    }

    @Test
    void refundMadeByHand_ofAPaymentPaidHere_changesNothingHere() throws Exception {
        String sn = paidHere(1_200);
        merchantRefund(sn, 1_200);

        SettleOrderPaymentsResp r = settle(sn, true);

        assertThat(r.getPaid()).isTrue();
        assertThat(r.getClosed()).isZero();
        assertThat(payStatus(sn)).as("still paid; the bill reconciliation records the refund").isEqualTo(1);
    }

    @Test
    void couponPayment_whereThePayerPaidLessThanTheTotal_endsPaid() throws Exception {
        String sn = payment(2_000);
        pay(sn, 2_000, Map.of("coupon", 600));

        assertThat(tick(sn).getPaid()).isEqualTo(1);
        assertThat(payStatus(sn)).isEqualTo(1);
    }

    @Test
    void payError_isNotPaid_waitsUntilTheCloseJob_whichClosesIt() throws Exception {
        String sn = payment(2_100);
        pay(sn, 2_100, Map.of("pay_error", true));
        assertThat(tradeStateAtWeChat(sn)).isEqualTo("PAYERROR");

        SettleOrderPaymentsResp asked = settle(sn, false);
        assertThat(asked.getPaid()).isFalse();
        assertThat(payStatus(sn)).as("not failed: the payer may try again").isZero();
        assertThat(tick(sn).getPaid() + tick(sn).getClosed()).as("inside its window the tick leaves it").isZero();

        SettleOrderPaymentsResp closing = settle(sn, true);
        assertThat(closing.getClosed()).isEqualTo(1);
        assertThat(payStatus(sn)).isEqualTo(3);
        assertThat(tradeStateAtWeChat(sn)).isEqualTo("CLOSED");
    }

    @Test
    void queryAnswerThatDoesNotVerify_leavesThePaymentWaiting_theNextTickAppliesIt() throws Exception {
        String sn = payment(2_200);
        pay(sn, 2_200, Map.of());
        fault("{\"response\":{\"endpoint\":\"query\",\"probe\":true,\"count\":1}}");

        assertThat(tick(sn).getPaid()).as("an unverifiable SUCCESS is not believed").isZero();
        assertThat(payStatus(sn)).isZero();
        assertThat(tick(sn).getPaid()).isEqualTo(1);
        assertThat(payStatus(sn)).isEqualTo(1);
    }

    @Test
    void closeAnswerThatDoesNotVerify_isConfirmedByAQuery() throws Exception {
        String sn = payment(2_300);
        prepay(sn, 2_300);
        fault("{\"response\":{\"endpoint\":\"close\",\"probe\":true,\"count\":1}}");

        SettleOrderPaymentsResp r = settle(sn, true);

        assertThat(tradeStateAtWeChat(sn)).as("WeChat did close it").isEqualTo("CLOSED");
        assertThat(r.getClosed()).as("learned by asking").isEqualTo(1);
        assertThat(payStatus(sn)).isEqualTo(3);
    }

    @Test
    void closeThatFails_withWeChatStillSayingNotPaid_leavesThePaymentWaitingForTheNextRun() throws Exception {
        String sn = payment(2_400);
        prepay(sn, 2_400);
        fault("{\"fail\":{\"endpoint\":\"close\",\"code\":\"SYSTEM_ERROR\"}}");

        SettleOrderPaymentsResp r = settle(sn, true);

        assertThat(r.getClosed()).isZero();
        assertThat(r.getStillWaiting()).isEqualTo(1);
        assertThat(payStatus(sn)).as("neither closed nor failed: unknown").isZero();
        assertThat(settle(sn, true).getClosed()).as("the next run closes it").isEqualTo(1);
    }

    @Test
    void queryAnswerThatDoesNotVerify_atTheCloseJob_leavesThePaymentWaiting() throws Exception {
        String sn = payment(2_450);
        pay(sn, 2_450, Map.of());
        fault("{\"response\":{\"endpoint\":\"query\",\"probe\":true}}");

        SettleOrderPaymentsResp r = settle(sn, true);

        assertThat(r.getPaid()).isFalse();
        assertThat(r.getClosed()).as("an unknown is never closed").isZero();
        assertThat(payStatus(sn)).isZero();
        assertThat(settle(sn, true).getPaid()).isTrue();
    }

    @Test
    void refundAnswerThatDoesNotVerify_isLearnedByOutRefundNo_andNeverMadeTwice() throws Exception {
        String sn = paidHere(2_500);
        fault("{\"response\":{\"endpoint\":\"refund\",\"probe\":true,\"count\":1}}");

        String refundSn = new RefundPaymentLogic(svc).refundPayment(RefundPaymentReq.newBuilder().setOrderSn(orderOf(sn))
                .setReason("test").build()).getRefundSn();

        assertThat(count("SELECT accepted_at FROM third_refund WHERE sn = ?", refundSn))
                .as("WeChat's refund query said it has it; the row: %s", refundRow(refundSn)).isPositive();
        JsonNode refunds = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + sn).path("refunds");
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).path("out_refund_no").asText()).isEqualTo(refundSn);
    }

    @Test
    void tradeBillAnswerThatDoesNotVerify_isATryAgain_andTheDayIsNotMarkedDone() throws Exception {
        Http.postRaw(sim.port(), "/sim/v1/bills/ready-at", "{\"ready_at\":\"now\"}");
        paidHere(2_600);
        fault("{\"response\":{\"endpoint\":\"tradebill\",\"probe\":true,\"count\":1}}");
        ReconcileTradeBillReq today = ReconcileTradeBillReq.newBuilder()
                .setBillDate(LocalDate.now(WxTimes.SHANGHAI).toString()).build();

        assertThatThrownBy(() -> new ReconcileTradeBillLogic(svc).reconcileTradeBill(today))
                .isInstanceOfSatisfying(BizException.class, e -> assertThat(e.is(ErrorCode.WX_PAY_ERROR)).isTrue());
        ReconcileTradeBillResp again = new ReconcileTradeBillLogic(svc).reconcileTradeBill(today);
        assertThat(again.getSkipped()).as("the failed run did not count").isFalse();
        assertThat(again.getLines()).isPositive();
    }

    private static void fault(String json) throws Exception {
        JsonNode r = Http.postRaw(sim.port(), "/sim/v1/faults", json);
        assertThat(r.path("active").isObject()).as(r.toString()).isTrue();
    }

    private static SettleOrderPaymentsResp settle(String sn, boolean closeUnpaid) {
        return new SettleOrderPaymentsLogic(svc).settleOrderPayments(SettleOrderPaymentsReq.newBuilder()
                .setOrderSn(orderOf(sn)).setCloseUnpaid(closeUnpaid).build());
    }

    /** One tick over exactly this payment. */
    private static ReconcileWaitingPaymentsResp tick(String sn) {
        long id = count("SELECT id FROM third_payment WHERE sn = ?", sn);
        return new ReconcileWaitingPaymentsLogic(svc).reconcileWaitingPayments(ReconcileWaitingPaymentsReq.newBuilder()
                .setOlderThanSeconds(0).setLimit(1).setAfterId(id - 1).build());
    }

    private static String payment(long total) {
        String orderSn = "HSO" + String.format("%022d", ThreadLocalRandom.current().nextLong(Long.MAX_VALUE) % 10_000_000_000_000L);
        return new CreatePaymentLogic(svc).createPayment(CreatePaymentReq.newBuilder().setUserId(7).setPayModel("WECHAT_PAY")
                .setPayTotal(total).setOrderSn(orderSn).setServiceType("homestayOrder").build()).getSn();
    }

    private static String paidHere(long total) throws Exception {
        String sn = payment(total);
        String transactionId = pay(sn, total, Map.of());
        new UpdateTradeStateLogic(svc).updateTradeState(UpdateTradeStateReq.newBuilder().setSn(sn).setPayStatus(1)
                .setTradeState("SUCCESS").setTransactionId(transactionId).build());
        return sn;
    }

    private static PrepayWithRequestPaymentResponse prepay(String sn, long total) throws Exception {
        return SimPayer.prepay(svc, sim, sn, total);
    }

    /** Prepays and pays as the user does, with {@code more} payer fields; returns WeChat's transaction id. */
    private static String pay(String sn, long total, Map<String, Object> more) throws Exception {
        return SimPayer.pay(svc, sim, sn, total, more);
    }

    private static void merchantRefund(String sn, long amount) throws Exception {
        Http.postRaw(sim.port(), "/sim/v1/merchant/refund", JSON.writeValueAsString(Map.of("out_trade_no", sn, "amount", amount)));
        await().atMost(Duration.ofSeconds(10)).until(() -> tradeStateAtWeChat(sn).equals("REFUND"));
    }

    private static String tradeStateAtWeChat(String sn) throws Exception {
        return Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + sn).path("transactions").path(0).path("trade_state").asText();
    }

    private static String tradeStateHere(String sn) {
        return svc.jdbi().withHandle(h -> h.createQuery("SELECT trade_state FROM third_payment WHERE sn = ?").bind(0, sn)
                .mapTo(String.class).one());
    }

    private static long payStatus(String sn) {
        return count("SELECT pay_status FROM third_payment WHERE sn = ?", sn);
    }

    private static String orderOf(String sn) {
        return svc.jdbi().withHandle(h -> h.createQuery("SELECT order_sn FROM third_payment WHERE sn = ?").bind(0, sn)
                .mapTo(String.class).one());
    }

    /** What a failing assertion needs to tell an unknown outcome from a refund never asked. */
    private static String refundRow(String refundSn) {
        return svc.jdbi().withHandle(h -> h.createQuery("SELECT CONCAT_WS(' ', 'status', refund_status, 'attempts', attempts, "
                + "'next_try_at', COALESCE(next_try_at, 'null'), 'now', ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000), "
                + "'last_error', COALESCE(last_error, 'null')) "
                + "FROM third_refund WHERE sn = ?").bind(0, refundSn).mapTo(String.class).one());
    }

    private static long count(String sql, Object... args) {
        return PaymentRpcIT.count(svc.jdbi(), sql, args);
    }
}
