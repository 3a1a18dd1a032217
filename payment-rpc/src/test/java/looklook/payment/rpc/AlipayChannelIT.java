package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alipay.api.AlipayClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import looklook.payment.rpc.channel.PayChannel;
import looklook.payment.rpc.channel.ProviderTrade;
import looklook.payment.rpc.logic.CreatePaymentLogic;
import looklook.payment.rpc.logic.ReconcileWaitingPaymentsLogic;
import looklook.payment.rpc.logic.RefundPaymentLogic;
import looklook.payment.rpc.logic.SettleOrderPaymentsLogic;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.alipay.AlipayClients;
import looklook.pkg.events.PayMode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.SandboxProcess;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alipay channel against the simulator's open gateway, through the same logic classes as WeChat's:
 * the query before and after a scan, the close before and after a scan (the provider first), a lost
 * notify found by the reconcile tick, partial and full refunds (fund_change Y, and a refund whose answer
 * was lost, learnt from the refund query), the ledger agreeing to the fen. Its notifies go nowhere here:
 * every payment is a lost notify.
 */
class AlipayChannelIT {
    @TempDir
    static Path tmp;
    private static SandboxProcess.Running sim;
    private static SimAndPayments fx;
    private static ServiceContext svc;
    private static AlipayClient merchant;

    @BeforeAll
    static void start() throws Exception {
        fx = SimAndPayments.start(tmp);
        sim = fx.sim();
        svc = fx.svc();
        merchant = AlipayClients.create(svc.config().alipayConf());
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void query_isEmptyBeforeAScan_openAfterIt_andTookMoneyOncePaid() throws Exception {
        ThirdPayment p = payment(1_234);
        String code = precreate(p);
        PayChannel alipay = svc.channels().of(p);
        assertThat(alipay.mode()).isEqualTo(PayMode.ALIPAY);
        assertThat(alipay.query(p)).as("a precreate alone creates no trade").isEmpty();

        assertThat(scan(code, false).status()).isEqualTo(200);
        assertThat(alipay.query(p).orElseThrow().state()).isEqualTo(ProviderTrade.State.OPEN);

        String tradeNo = scan(code, true).body().path("trade").path("trade_no").asText();
        ProviderTrade paid = alipay.query(p).orElseThrow();
        assertThat(paid.state()).isEqualTo(ProviderTrade.State.TOOK_MONEY);
        assertThat(paid.transactionId()).isEqualTo(tradeNo);
        assertThat(paid.mismatch()).isEmpty();
    }

    @Test
    void settle_closesAtAlipayFirst_beforeAnyScan_andTheCodeIsDead() throws Exception {
        ThirdPayment p = payment(500);
        String code = precreate(p);
        SettleOrderPaymentsResp r = settle(p, true);
        assertThat(r.getPaid()).isFalse();
        assertThat(r.getClosed()).isEqualTo(1);
        assertThat(reload(p).status()).isEqualTo(PayStatus.CLOSED);
        assertThat(scan(code, true).status()).as("a code closed before any scan is refused").isEqualTo(410);
    }

    @Test
    void settle_closesAtAlipayFirst_afterAScanWithoutPayment() throws Exception {
        ThirdPayment p = payment(501);
        String code = precreate(p);
        assertThat(scan(code, false).status()).isEqualTo(200);
        assertThat(settle(p, false).getStillWaiting()).as("the poll's settle closes nothing").isEqualTo(1);
        assertThat(settle(p, true).getClosed()).isEqualTo(1);
        assertThat(reload(p).status()).isEqualTo(PayStatus.CLOSED);
        assertThat(trade(p).path("trade_status").asText()).isEqualTo("TRADE_CLOSED");
        assertThat(scan(code, true).status()).isEqualTo(410);
    }

    @Test
    void settle_findsThePaymentWhoseNotifyWasLost_insteadOfClosingIt() throws Exception {
        ThirdPayment p = payment(502);
        String tradeNo = scan(precreate(p), true).body().path("trade").path("trade_no").asText();
        SettleOrderPaymentsResp r = settle(p, true);
        assertThat(r.getPaid()).isTrue();
        assertThat(reload(p).status()).isEqualTo(PayStatus.SUCCESS);
        assertThat(reload(p).transactionId()).isEqualTo(tradeNo);
    }

    @Test
    void switchToWeChat_closesTheAlipayPaymentThereFirst_thenMakesTheNewOne() throws Exception {
        ThirdPayment p = payment(503);
        String code = precreate(p);
        String next = new CreatePaymentLogic(svc).createPayment(CreatePaymentReq.newBuilder().setUserId(7).setPayModel("WECHAT_PAY")
                .setTradeType("NATIVE").setPayTotal(503).setOrderSn(p.orderSn()).setServiceType("homestayOrder")
                .setExpireTime(p.expireTime()).setDescription("Alipay channel test").setNotifyUrl("http://127.0.0.1:1/wx").build())
                .getSn();
        assertThat(next).isNotEqualTo(p.sn());
        assertThat(reload(p).status()).isEqualTo(PayStatus.CLOSED);
        assertThat(reload(p).tradeState()).isEqualTo("SWITCHED");
        assertThat(scan(code, true).status()).as("the Alipay code is dead").isEqualTo(410);
        ThirdPayment now = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(next)).orElseThrow();
        assertThat(now.status()).isEqualTo(PayStatus.WAIT);
        assertThat(now.payMode()).isEqualTo("WECHAT_PAY");
    }

    @Test
    void switch_ofAnAlipayPaymentPaidMeanwhile_isAlreadyPaid_andTheOrderKeepsIt() throws Exception {
        ThirdPayment p = payment(504);
        scan(precreate(p), true);
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> new CreatePaymentLogic(svc).createPayment(
                CreatePaymentReq.newBuilder().setUserId(7).setPayModel("WECHAT_PAY").setTradeType("NATIVE").setPayTotal(504)
                        .setOrderSn(p.orderSn()).setServiceType("homestayOrder").setExpireTime(p.expireTime()).build()),
                looklook.pkg.errors.BizException.class);
        assertThat(e.is(looklook.pkg.errors.ErrorCode.PAYMENT_ORDER_ALREADY_PAID)).as(e.getMessage()).isTrue();
        assertThat(reload(p).status()).isEqualTo(PayStatus.SUCCESS);
    }

    @Test
    void reconcileTick_appliesAPaymentWhoseNotifyWasLost() throws Exception {
        ThirdPayment p = payment(2_001);
        String tradeNo = scan(precreate(p), true).body().path("trade").path("trade_no").asText();
        ReconcileWaitingPaymentsResp r = new ReconcileWaitingPaymentsLogic(svc).reconcileWaitingPayments(
                ReconcileWaitingPaymentsReq.newBuilder().setOlderThanSeconds(0).setLimit(1000).setAfterId(p.id() - 1).build());
        assertThat(r.getPaid()).isGreaterThanOrEqualTo(1);
        ThirdPayment now = reload(p);
        assertThat(now.status()).isEqualTo(PayStatus.SUCCESS);
        assertThat(now.transactionId()).isEqualTo(tradeNo);
        assertThat(now.tradeType()).isEqualTo("PRECREATE");
        assertThat(now.payTime()).isPositive();
    }

    @Test
    void refunds_partialThenTheRest_throughAlipay_theLedgerAgreesToTheFen() throws Exception {
        ThirdPayment p = paidHere(10_001);
        refund(p, 3_333, "part-1");
        awaitRefunds(p, 3_333);
        assertThat(reload(p).status()).isEqualTo(PayStatus.SUCCESS);

        refund(p, 0, "");
        awaitRefunds(p, 10_001);
        await().atMost(Duration.ofSeconds(10)).until(() -> reload(p).status() == PayStatus.REFUNDED);
        JsonNode t = trade(p);
        assertThat(t.path("refunded").asLong()).isEqualTo(10_001);
        assertThat(t.path("trade_status").asText()).as("refunded in full").isEqualTo("TRADE_CLOSED");
        // every refund went to Alipay under its own refund sn as out_request_no
        for (ThirdRefund r : refunds(p)) {
            assertThat(r.refundStatus()).isEqualTo(ThirdRefund.SUCCESS);
            assertThat(alipayRefund(r.sn()).path("refund").asLong()).isEqualTo(r.refundAmount());
        }
    }

    @Test
    void refund_whoseAnswerWasLost_isLearntFromTheRefundQuery_andMadeOnce() throws Exception {
        ThirdPayment p = paidHere(7_000);
        // the refund takes effect, then the gateway in front of Alipay fails: an answer we never see
        Http.postRaw(sim.port(), "/sim/v1/faults", "{\"fail\":{\"endpoint\":\"alipay_refund\",\"status\":502,\"after\":true}}");
        refund(p, 0, "");
        awaitRefunds(p, 7_000);
        assertThat(refunds(p)).hasSize(1);
        assertThat(trade(p).path("refunded").asLong()).as("refunded once").isEqualTo(7_000);
    }

    private static ThirdPayment payment(long total) {
        String orderSn = "HSO" + String.format("%022d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
        String sn = new CreatePaymentLogic(svc).createPayment(CreatePaymentReq.newBuilder().setUserId(7).setPayModel("ALIPAY")
                .setTradeType("PRECREATE").setPayTotal(total).setOrderSn(orderSn).setServiceType("homestayOrder")
                .setExpireTime(svc.clock().instant().getEpochSecond() + 600).setDescription("Alipay channel test")
                .setNotifyUrl(svc.config().alipayConf().notifyUrl()).build()).getSn();
        return svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(sn)).orElseThrow();
    }

    private static String precreate(ThirdPayment p) throws Exception {
        return AlipayPayer.precreate(svc, merchant, p);
    }

    private static ThirdPayment paidHere(long total) throws Exception {
        ThirdPayment p = payment(total);
        scan(precreate(p), true);
        assertThat(settle(p, false).getPaid()).isTrue();
        return reload(p);
    }

    private static Http.Reply scan(String code, boolean pay) throws Exception {
        return AlipayPayer.scan(sim, code, pay);
    }

    private static SettleOrderPaymentsResp settle(ThirdPayment p, boolean closeUnpaid) {
        return new SettleOrderPaymentsLogic(svc).settleOrderPayments(SettleOrderPaymentsReq.newBuilder()
                .setOrderSn(p.orderSn()).setCloseUnpaid(closeUnpaid).build());
    }

    private static void refund(ThirdPayment p, long amount, String key) {
        RefundPaymentReq.Builder b = RefundPaymentReq.newBuilder().setOrderSn(p.orderSn()).setPaymentSn(p.sn()).setReason("test");
        if (amount > 0) {
            b.setAmount(amount).setIdempotencyKey(key);
        }
        new RefundPaymentLogic(svc).refundPayment(b.build());
    }

    /** Waits until the refunds of {@code p} settled here add up to {@code total} fen, as Alipay's ledger does. */
    private static void awaitRefunds(ThirdPayment p, long total) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            long here = refunds(p).stream().filter(r -> r.refundStatus() == ThirdRefund.SUCCESS).mapToLong(ThirdRefund::refundAmount).sum();
            assertThat(here).isEqualTo(total);
            assertThat(trade(p).path("refunded").asLong()).isEqualTo(total);
        });
    }

    private static java.util.List<ThirdRefund> refunds(ThirdPayment p) {
        return svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.listByPaymentSn(p.sn()));
    }

    private static ThirdPayment reload(ThirdPayment p) {
        return svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(p.sn())).orElseThrow();
    }

    private static JsonNode trade(ThirdPayment p) throws Exception {
        return Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + p.sn()).path("alipay").path("trades").path(0);
    }

    private static JsonNode alipayRefund(String refundSn) throws Exception {
        for (JsonNode r : Http.get(sim.port(), "/sim/v1/ledger").path("alipay").path("refunds")) {
            if (refundSn.equals(r.path("out_request_no").asText())) {
                return r;
            }
        }
        throw new AssertionError("refund " + refundSn + " not in Alipay's ledger");
    }
}
