package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import looklook.payment.rpc.logic.CreatePaymentLogic;
import looklook.payment.rpc.logic.ReconcileTradeBillLogic;
import looklook.payment.rpc.logic.ReconcileWaitingPaymentsLogic;
import looklook.payment.rpc.logic.RefundPaymentLogic;
import looklook.payment.rpc.logic.UpdateTradeStateLogic;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.SandboxProcess;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.ReconcileTradeBillReq;
import looklook.proto.payment.ReconcileTradeBillResp;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.UpdateTradeStateReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconcile tick and the daily reconciliation against the simulator. The tick walks waiting
 * payments with a cursor, so ones it cannot settle never hide a newer lost notify, and closes what
 * WeChat can no longer take money for. The trade bill (served today, as the simulator allows for tests): a dropped notify, money taken for a payment closed here, a refund made by hand on the
 * merchant platform and a refund whose notify was lost are repaired; a partial refund made by hand is
 * recorded for a person. A second run repairs nothing twice.
 */
class ReconcileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
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
        Http.postRaw(sim.port(), "/sim/v1/bills/ready-at", "{\"ready_at\":\"now\"}");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void theBill_repairsWhatCanBeRepaired_andRecordsTheRest_once() throws Exception {
        // 1. paid at WeChat, its notify lost: waiting here
        String dropped = payment(1_000);
        pay(dropped, 1_000);
        // 2. closed here (the close job gave it up), then WeChat took the money anyway
        String late = payment(2_000);
        PrepayWithRequestPaymentResponse lateprepay = prepay(late, 2_000);
        svc.jdbi().useHandle(h -> h.execute("UPDATE third_payment SET pay_status = 3 WHERE sn = ?", late));
        payWith(lateprepay);
        // 3. paid and known here, then refunded in full by hand on the merchant platform
        String outside = paidHere(3_000);
        merchantRefund(outside, 3_000);
        // 4. paid and known here, then refunded by hand in part
        String partial = paidHere(4_000);
        merchantRefund(partial, 1_500);
        // 5. refunded by us, WeChat's refund notify lost (the notify url answers nothing): processing here
        String ours = paidHere(5_000);
        String refundSn = new RefundPaymentLogic(svc).refundPayment(RefundPaymentReq.newBuilder()
                .setOrderSn(orderOf(ours)).setReason("test").build()).getRefundSn();
        await().atMost(Duration.ofSeconds(10)).until(() -> refundStatusAtWeChat(refundSn).equals("SUCCESS"));
        assertThat(refundStatusHere(refundSn)).as("not told yet").isZero();

        ReconcileTradeBillResp r = reconcile(false);

        assertThat(r.getRepaired()).as("dropped notify, late money, outside refund, refund settled").isEqualTo(4);
        assertThat(r.getUnrepaired()).as("the partial outside refund").isEqualTo(1);
        assertThat(payStatus(dropped)).as("paid now").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE ?", "%" + dropped + "%")).as("its pay event").isEqualTo(1);
        assertThat(payStatus(late)).as("still closed: it never pays an order").isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM third_refund WHERE payment_sn = ? AND reason = 'paid after the payment was closed'",
                late)).as("its refund queued").isEqualTo(1);
        assertThat(payStatus(outside)).as("refunded").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE ? AND payload LIKE '%\"payStatus\":2%'", "%" + outside + "%"))
                .as("the order hears of the refund").isEqualTo(1);
        assertThat(payStatus(partial)).as("left for a person").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM bill_difference WHERE kind = 'PARTIAL_REFUND_OUTSIDE' AND repaired = 0")).isEqualTo(1);
        assertThat(refundStatusHere(refundSn)).as("settled from the bill").isEqualTo(1);
        assertThat(payStatus(ours)).isEqualTo(2);
        assertThat(svc.metrics().get("bill.differences.unrepaired").gauge().value()).isEqualTo(1.0);
        assertThat(svc.metrics().get("bill.differences.repaired").gauge().value()).isEqualTo(4.0);

        assertThat(reconcile(false).getSkipped()).as("a date is reconciled once").isTrue();
        long events = count("SELECT COUNT(*) FROM outbox");
        ReconcileTradeBillResp again = reconcile(true);
        // the one thing a second run may find new: the late money's refund, made by the refund pump since the first
        // run, whose notify is lost like every notify here; nothing the first run found is found again
        long lateRefundSettled = count("SELECT COUNT(*) FROM bill_difference d JOIN third_refund r ON r.sn = d.ref "
                + "WHERE d.kind = 'REFUND_SETTLED' AND r.payment_sn = ?", late);
        assertThat(again.getRepaired()).as("nothing is repaired twice").isEqualTo(lateRefundSettled);
        assertThat(again.getUnrepaired()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox")).as("no event twice").isEqualTo(events);
        assertThat(count("SELECT COUNT(*) FROM bill_difference")).isEqualTo(5 + lateRefundSettled);
    }

    @Test
    void reconcileTick_walksPastPaymentsItCannotSettle_toANewerLostNotify_andClosesExpiredOnes() throws Exception {
        long start = count("SELECT COALESCE(MAX(id), 0) FROM third_payment");
        // three waiting payments WeChat never heard of, still inside their window: nothing to do for them yet
        for (int i = 0; i < 3; i++) {
            payment(100 + i);
        }
        // one WeChat never heard of whose window ended two minutes ago (past the 60 s clock grace)
        String expired = payment(200);
        svc.jdbi().useHandle(h -> h.execute("UPDATE third_payment SET expire_time = UNIX_TIMESTAMP() - 120 WHERE sn = ?", expired));
        // a newer one paid at WeChat whose notify was lost
        String lost = payment(300);
        pay(lost, 300);

        ReconcileWaitingPaymentsResp first = tick(start);
        assertThat(first.getChecked()).isEqualTo(3);
        assertThat(first.getPaid() + first.getClosed()).as("the first page settles nothing").isZero();
        assertThat(first.getNextAfterId()).as("a full page: go on from its last id").isGreaterThan(start);
        ReconcileWaitingPaymentsResp second = tick(first.getNextAfterId());
        assertThat(second.getPaid()).as("the lost notify, found behind them").isEqualTo(1);
        assertThat(second.getClosed()).as("the expired payment").isEqualTo(1);
        assertThat(second.getNextAfterId()).as("the end of the walk: start again").isZero();
        assertThat(payStatus(lost)).isEqualTo(1);
        assertThat(payStatus(expired)).isEqualTo(3);
    }

    @Test
    void reconcileTick_closesAPaymentWeChatClosedAtItsTimeExpire_beforeOurOwnWindowEnds() throws Exception {
        long start = count("SELECT COALESCE(MAX(id), 0) FROM third_payment");
        // payable for two hours here (no expire_time), while WeChat was told a time_expire a second away
        String sn = payment(400);
        prepay(sn, 400, WxTimes.rfc3339(Instant.now().getEpochSecond() + 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + sn)
                .path("transactions").get(0).path("trade_state").asText().equals("CLOSED"));

        ReconcileWaitingPaymentsResp r = new ReconcileWaitingPaymentsLogic(svc).reconcileWaitingPayments(
                ReconcileWaitingPaymentsReq.newBuilder().setOlderThanSeconds(0).setLimit(100).setAfterId(start).build());
        assertThat(r.getClosed()).as("closed at WeChat: no money can come for it").isEqualTo(1);
        assertThat(payStatus(sn)).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM third_payment WHERE sn = ? AND trade_state = 'CLOSED'", sn)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE ?", "%" + sn + "%")).as("no paid event").isZero();
    }

    private static ReconcileWaitingPaymentsResp tick(long afterId) {
        return new ReconcileWaitingPaymentsLogic(svc).reconcileWaitingPayments(ReconcileWaitingPaymentsReq.newBuilder()
                .setOlderThanSeconds(0).setLimit(3).setAfterId(afterId).build());
    }

    private static ReconcileTradeBillResp reconcile(boolean force) {
        return new ReconcileTradeBillLogic(svc).reconcileTradeBill(ReconcileTradeBillReq.newBuilder()
                .setBillDate(LocalDate.now(WxTimes.SHANGHAI).toString()).setForce(force).build());
    }

    private static String payment(long total) {
        String orderSn = "HSO" + String.format("%022d", ThreadLocalRandom.current().nextLong(Long.MAX_VALUE) % 10_000_000_000_000L);
        return new CreatePaymentLogic(svc).createPayment(CreatePaymentReq.newBuilder().setUserId(7).setPayModel("WECHAT_PAY")
                .setPayTotal(total).setOrderSn(orderSn).setServiceType("homestayOrder").build()).getSn();
    }

    /** A payment paid at WeChat and applied here as its notify would. */
    private static String paidHere(long total) throws Exception {
        String sn = payment(total);
        String transactionId = pay(sn, total);
        new UpdateTradeStateLogic(svc).updateTradeState(UpdateTradeStateReq.newBuilder().setSn(sn).setPayStatus(1)
                .setTradeState("SUCCESS").setTransactionId(transactionId).build());
        return sn;
    }

    private static String pay(String sn, long total) throws Exception {
        return payWith(prepay(sn, total));
    }

    private static PrepayWithRequestPaymentResponse prepay(String sn, long total) throws Exception {
        return prepay(sn, total, null);
    }

    /** The prepay with a {@code time_expire} (null: none). */
    private static PrepayWithRequestPaymentResponse prepay(String sn, long total, String timeExpire) throws Exception {
        return SimPayer.prepay(svc, sim, sn, total, timeExpire);
    }

    /** Pays as the user does; returns WeChat's transaction id. */
    private static String payWith(PrepayWithRequestPaymentResponse r) throws Exception {
        Http.Reply paid = Http.postWithHeaders(sim.port(), "/sim/v1/pay", JSON.writeValueAsString(Map.of("appId", r.getAppId(),
                "timeStamp", r.getTimeStamp(), "nonceStr", r.getNonceStr(), "package", r.getPackageVal(),
                "signType", r.getSignType(), "paySign", r.getPaySign())), Map.of("Content-Type", "application/json"));
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
        return paid.body().path("transaction_id").asText();
    }

    private static void merchantRefund(String sn, long amount) throws Exception {
        Http.postRaw(sim.port(), "/sim/v1/merchant/refund", JSON.writeValueAsString(Map.of("out_trade_no", sn, "amount", amount)));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode refunds = Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + sn).path("refunds");
            return refunds.size() == 1 && refunds.get(0).path("status").asText().equals("SUCCESS");
        });
    }

    private static String refundStatusAtWeChat(String refundSn) throws Exception {
        for (JsonNode r : Http.get(sim.port(), "/sim/v1/ledger").path("refunds")) {
            if (r.path("out_refund_no").asText().equals(refundSn)) {
                return r.path("status").asText();
            }
        }
        return "";
    }

    private static long refundStatusHere(String refundSn) {
        return count("SELECT refund_status FROM third_refund WHERE sn = ?", refundSn);
    }

    private static long payStatus(String sn) {
        return count("SELECT pay_status FROM third_payment WHERE sn = ?", sn);
    }

    private static String orderOf(String sn) {
        return svc.jdbi().withHandle(h -> h.createQuery("SELECT order_sn FROM third_payment WHERE sn = ?").bind(0, sn)
                .mapTo(String.class).one());
    }

    private static long count(String sql, Object... args) {
        return PaymentRpcIT.count(svc.jdbi(), sql, args);
    }
}
