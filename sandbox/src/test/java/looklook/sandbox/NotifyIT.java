package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.Status;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import looklook.pkg.wechat.WxPayClients;
import looklook.sandbox.config.SandboxConfig;
import looklook.sandbox.notify.Deliveries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notifies: signed, encrypted, parsed by the SDK's NotificationParser, retried on failure, and played with by faults. */
class NotifyIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path keys;
    static SimFixture fx;
    static MerchantReceiver merchant;
    static WxPayClients pay;

    @BeforeAll
    static void start() {
        // 0.001: WeChat's 15 s / 15 s / 30 s / 3 min retries come after 15 / 15 / 30 / 180 ms
        fx = SimFixture.start(SandboxConfig.forTest(keys, 0.001).withNotifyTimeout(400));
        merchant = new MerchantReceiver();
        pay = fx.pay(merchant.url());
        merchant.use(pay);
    }

    @AfterAll
    static void stop() {
        merchant.close();
        fx.close();
    }

    @BeforeEach
    void reset() {
        merchant.reset();
        fx.delete("/sim/v1/faults");
    }

    @Test
    void notify_parsesWithNotificationParserIntoTheTransaction() {
        String no = SimFixture.outTradeNo();
        paid(no, 2500, "oNotify1");
        await().atMost(WAIT).until(() -> merchant.transactionsFor(no).size() == 1);
        Transaction t = merchant.transactionsFor(no).get(0).transaction();
        assertThat(t.getTradeState()).isEqualTo(Transaction.TradeStateEnum.SUCCESS);
        assertThat(t.getAmount().getTotal()).isEqualTo(2500);
        assertThat(t.getMchid()).isEqualTo(fx.mchId());
        assertThat(t.getAppid()).isEqualTo(fx.appId());
        assertThat(t.getPayer().getOpenid()).isEqualTo("oNotify1");
        assertThat(t.getTransactionId()).isEqualTo(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().transactionId());
        assertThat(delivery(no).state()).isEqualTo(Deliveries.State.DELIVERED);
    }

    @Test
    void notify_500BringsRetriesOnTheScheduleAnd2xxStopsThem() throws InterruptedException {
        merchant.answer(500, 500, 503);
        String no = SimFixture.outTradeNo();
        paid(no, 100, "oNotify2");
        await().atMost(WAIT).until(() -> delivery(no).state() == Deliveries.State.DELIVERED);
        // no attempt after the 2xx, even once the next scheduled wait (180 ms) has passed
        Thread.sleep(400);
        Deliveries.Delivery d = delivery(no);
        assertThat(d.attempts()).extracting(Deliveries.Attempt::status).containsExactly(500, 500, 503, 204);
        assertThat(merchant.transactionsFor(no)).hasSize(4);
    }

    @Test
    void notify_noAnswerWithinTheTimeoutIsRetried() {
        merchant.answerAfter(800);
        String no = SimFixture.outTradeNo();
        paid(no, 100, "oNotify3");
        await().atMost(WAIT).until(() -> delivery(no).attempts().size() >= 2);
        merchant.answerAfter(0);
        await().atMost(WAIT).until(() -> delivery(no).state() == Deliveries.State.DELIVERED);
        assertThat(delivery(no).attempts().get(0).status()).isNull();
        assertThat(delivery(no).attempts().get(0).error()).isEqualTo("no answer within 400 ms");
    }

    @Test
    void probe_misSignedNotifyFailsVerification() {
        String no = SimFixture.outTradeNo();
        paid(no, 100, "oNotify4");
        await().atMost(WAIT).until(() -> merchant.transactionsFor(no).size() == 1);
        HttpResponse<String> r = fx.post("/sim/v1/faults",
                "{\"probe\":{\"notify_url\":\"" + merchant.url() + "\",\"out_trade_no\":\"" + no + "\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"probe_status\":401");
        List<MerchantReceiver.Received> rejected = merchant.received().stream().filter(x -> x.rejected() != null).toList();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).rejected()).isInstanceOf(ValidationException.class);
    }

    @Test
    void drop_theNotifyIsNeverSentButThePaymentStands() throws InterruptedException {
        fx.post("/sim/v1/faults", "{\"notify\":{\"mode\":\"drop\"}}");
        String no = SimFixture.outTradeNo();
        paid(no, 100, "oNotify5");
        Thread.sleep(300);
        assertThat(merchant.transactionsFor(no)).isEmpty();
        assertThat(delivery(no).state()).isEqualTo(Deliveries.State.DROPPED);
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().wasPaid()).isTrue();
    }

    @Test
    void delay_theFirstAttemptWaits() {
        fx.post("/sim/v1/faults", "{\"notify\":{\"mode\":\"delay\",\"delay_ms\":700}}");
        String no = SimFixture.outTradeNo();
        long started = System.nanoTime();
        paid(no, 100, "oNotify6");
        await().atMost(WAIT).until(() -> merchant.transactionsFor(no).size() == 1);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(650);
    }

    @Test
    void duplicate_sameNotifyIdArrivesTwice() {
        fx.post("/sim/v1/faults", "{\"notify\":{\"mode\":\"duplicate\",\"copies\":3}}");
        String no = SimFixture.outTradeNo();
        paid(no, 100, "oNotify7");
        await().atMost(WAIT).until(() -> merchant.transactionsFor(no).size() == 3);
        List<Deliveries.Delivery> ds = deliveries(no);
        assertThat(ds).hasSize(3);
        assertThat(ds).extracting(Deliveries.Delivery::notifyId).containsOnly(ds.get(0).notifyId());
    }

    @Test
    void reorder_heldNotifiesArriveNewestFirst() {
        fx.post("/sim/v1/faults", "{\"notify\":{\"mode\":\"reorder\",\"count\":2}}");
        String first = SimFixture.outTradeNo();
        String second = SimFixture.outTradeNo();
        paid(first, 100, "oNotify8");
        paid(second, 100, "oNotify8");
        await().atMost(WAIT).until(() -> merchant.transactionsFor(first).size() + merchant.transactionsFor(second).size() == 2);
        List<String> order = merchant.received().stream().map(r -> r.transaction().getOutTradeNo()).toList();
        assertThat(order).containsExactly(second, first);
    }

    @Test
    void refund_settlesAndSendsRefundSuccessThatParsesIntoRefundNotification() {
        String no = SimFixture.outTradeNo();
        paid(no, 900, "oNotify9");
        CreateRequest r = new CreateRequest();
        r.setOutTradeNo(no);
        r.setOutRefundNo("R" + no);
        r.setNotifyUrl(merchant.url());
        AmountReq a = new AmountReq();
        a.setRefund(900L);
        a.setTotal(900L);
        a.setCurrency("CNY");
        r.setAmount(a);
        pay.refunds().create(r);
        await().atMost(WAIT).until(() -> merchant.received().stream().anyMatch(x -> x.refund() != null));
        var n = merchant.received().stream().filter(x -> x.refund() != null).findFirst().orElseThrow().refund();
        assertThat(n.getRefundStatus()).isEqualTo(Status.SUCCESS);
        assertThat(n.getOutRefundNo()).isEqualTo("R" + no);
        assertThat(n.getAmount().getRefund()).isEqualTo(900L);
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().tradeState().name()).isEqualTo("REFUND");
    }

    @Test
    void refundFault_settlesAbnormalAndSendsRefundAbnormal_andWeChatHoldsTheMoney() {
        fx.post("/sim/v1/faults", "{\"refund\":{\"status\":\"ABNORMAL\"}}");
        String no = SimFixture.outTradeNo();
        paid(no, 500, "oNotify10");
        CreateRequest r = new CreateRequest();
        r.setOutTradeNo(no);
        r.setOutRefundNo("RA" + no);
        r.setNotifyUrl(merchant.url());
        AmountReq a = new AmountReq();
        a.setRefund(500L);
        a.setTotal(500L);
        a.setCurrency("CNY");
        r.setAmount(a);
        pay.refunds().create(r);
        await().atMost(WAIT).until(() -> merchant.received().stream().anyMatch(x -> x.refund() != null));
        assertThat(merchant.received().stream().filter(x -> x.refund() != null).findFirst().orElseThrow().refund()
                .getRefundStatus()).isEqualTo(Status.ABNORMAL);
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().refunded())
                .as("held until apply-abnormal-refund, not refundable").isEqualTo(500);
    }

    private void paid(String no, int total, String openid) {
        PrepayWithRequestPaymentResponse p = fx.prepay(pay, no, total, openid);
        assertThat(fx.userPays(p).statusCode()).isEqualTo(200);
    }

    private static List<Deliveries.Delivery> deliveries(String no) {
        return fx.sim.deliveries().all().stream()
                .filter(d -> no.equals(d.outTradeNo()) && d.eventType().equals("TRANSACTION.SUCCESS")
                        && d.state() != Deliveries.State.PROBE)
                .toList();
    }

    private static Deliveries.Delivery delivery(String no) {
        List<Deliveries.Delivery> ds = deliveries(no);
        assertThat(ds).hasSize(1);
        return ds.get(0);
    }
}
