package looklook.sandbox.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import looklook.sandbox.WxError;
import org.junit.jupiter.api.Test;

class LedgerTest {
    private static final String MCH = "1900000109";
    private final Instant now = Instant.parse("2025-01-01T04:00:00Z");
    /** Reads happen at {@code now}: orders opened at {@code now} are inside their pay window. */
    private final Ledger ledger = new Ledger(Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void pay_racingCloseAndPay_exactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 200; i++) {
                String no = "RACE" + String.format("%04d", i);
                prepay(no, 100);
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> paid = pool.submit(() -> {
                    go.await();
                    try {
                        ledger.pay(no, "o1", now);
                        return true;
                    } catch (WxError e) {
                        return false;
                    }
                });
                Future<Boolean> closed = pool.submit(() -> {
                    go.await();
                    try {
                        ledger.close(MCH, no);
                        return true;
                    } catch (WxError e) {
                        return false;
                    }
                });
                go.countDown();
                assertThat(paid.get(5, TimeUnit.SECONDS) ^ closed.get(5, TimeUnit.SECONDS)).as(no).isTrue();
                TradeState state = ledger.byOutTradeNo(MCH, no).orElseThrow().tradeState();
                assertThat(state).isEqualTo(paid.get() ? TradeState.SUCCESS : TradeState.CLOSED);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refund_concurrentRefundsNeverExceedThePaidTotal() throws Exception {
        // no gap between refunds here, so the sum is the only rule that can refuse one
        Ledger ledger = new Ledger(Clock.fixed(now, ZoneOffset.UTC), new RefundLimits(Duration.ZERO));
        ledger.prepay(new PrepayOrder(TradeType.JSAPI, "wx1", MCH, "REFUNDRACE", "d", null, "http://x/n", 1000, "CNY", "o1",
                null, now.plusSeconds(7 * 86_400), now.plusSeconds(7_200)), now);
        ledger.pay("REFUNDRACE", "o1", now);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String refundNo = "R" + i;
                results.add(pool.submit(() -> {
                    try {
                        ledger.refund(MCH, new RefundOrder(null, "REFUNDRACE", refundNo, null, null, 300, 1000, "CNY"), now);
                        return true;
                    } catch (WxError e) {
                        return false;
                    }
                }));
            }
            long accepted = 0;
            for (Future<Boolean> f : results) {
                accepted += f.get(5, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(3);
            assertThat(ledger.byOutTradeNo(MCH, "REFUNDRACE").orElseThrow().refunded()).isEqualTo(900);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refund_abnormalHoldsItsMoney_closedGivesItBack() {
        paid("ABNORMAL1", 1000);
        refund("ABNORMAL1", "RA", 600, now);
        ledger.settleRefund("RA", RefundStatus.ABNORMAL, now);
        assertThat(ledger.byOutTradeNo(MCH, "ABNORMAL1").orElseThrow().refunded()).as("held, not refundable").isEqualTo(600);
        assertThatThrownBy(() -> refund("ABNORMAL1", "RB", 401, now.plusSeconds(60)))
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.code()).isEqualTo("INVALID_REQUEST"));
        refund("ABNORMAL1", "RC", 400, now.plusSeconds(60));
        ledger.settleRefund("RC", RefundStatus.CLOSED, now.plusSeconds(61));
        Txn t = ledger.byOutTradeNo(MCH, "ABNORMAL1").orElseThrow();
        assertThat(t.refunded()).as("a closed refund gives its money back").isEqualTo(600);
        assertThat(t.tradeState()).isEqualTo(TradeState.SUCCESS);
        refund("ABNORMAL1", "RD", 400, now.plusSeconds(120));
        ledger.settleRefund("RD", RefundStatus.SUCCESS, now.plusSeconds(121));
        assertThat(ledger.byOutTradeNo(MCH, "ABNORMAL1").orElseThrow().tradeState()).isEqualTo(TradeState.REFUND);
    }

    @Test
    void refund_withinAYearOfThePayment_notAfter() {
        paid("YEAR00001", 1000);
        Instant lastMoment = now.plus(Duration.ofDays(365));
        assertThatThrownBy(() -> refund("YEAR00001", "R1", 100, lastMoment.plusSeconds(1)))
                .isInstanceOfSatisfying(WxError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_REQUEST");
                    assertThat(e.getMessage()).contains("365 days");
                });
        assertThat(refund("YEAR00001", "R2", 100, lastMoment).status()).isEqualTo(RefundStatus.PROCESSING);
    }

    @Test
    void refund_atMost50OfOnePayment_closedOnesCount() {
        paid("FIFTY0001", 1000);
        for (int i = 0; i < RefundLimits.MAX_REFUNDS; i++) {
            refund("FIFTY0001", "R" + i, 1, now.plusSeconds(60L * i));
            ledger.settleRefund("R" + i, i % 2 == 0 ? RefundStatus.CLOSED : RefundStatus.SUCCESS, now.plusSeconds(60L * i + 1));
        }
        assertThatThrownBy(() -> refund("FIFTY0001", "R50", 1, now.plusSeconds(60L * 51)))
                .isInstanceOfSatisfying(WxError.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_REQUEST");
                    assertThat(e.getMessage()).contains("at most 50");
                });
        assertThat(ledger.refund("R49")).isPresent();
    }

    @Test
    void refund_aSecondOneWithinAMinuteIsFrequencyLimited_aRetryOfTheFirstIsNot() {
        paid("GAP000001", 1000);
        Refund first = refund("GAP000001", "R1", 100, now);
        assertThat(refund("GAP000001", "R1", 100, now.plusSeconds(1))).as("the same out_refund_no again").isEqualTo(first);
        assertThatThrownBy(() -> refund("GAP000001", "R2", 100, now.plusSeconds(59)))
                .isInstanceOfSatisfying(WxError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("FREQUENCY_LIMITED");
                });
        assertThat(ledger.refund("R2")).as("nothing accepted").isEmpty();
        assertThat(refund("GAP000001", "R2", 100, now.plusSeconds(60)).status()).isEqualTo(RefundStatus.PROCESSING);
    }

    @Test
    void refund_toAPayerWhoseWeChatAccountIsClosed_isUserAccountAbnormal() {
        paid("DEREG0001", 1000);
        ledger.payerAccount("o1", PayerAccount.DEREGISTERED);
        assertThatThrownBy(() -> refund("DEREG0001", "R1", 100, now))
                .isInstanceOfSatisfying(WxError.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("USER_ACCOUNT_ABNORMAL");
                });
        ledger.payerAccount("o1", PayerAccount.OK);
        assertThat(refund("DEREG0001", "R1", 100, now).status()).isEqualTo(RefundStatus.PROCESSING);
    }

    @Test
    void applyAbnormalRefund_onlyForAnAbnormalRefund_ofThisMerchant_namedByBothNumbers() {
        paid("APPLY0001", 1000);
        Refund r = refund("APPLY0001", "RA", 1000, now);
        AbnormalRefund toCard = new AbnormalRefund(AbnormalRefund.Type.USER_BANK_CARD, "ICBC_DEBIT");
        assertThatThrownBy(() -> ledger.applyAbnormalRefund(MCH, r.refundId(), "RA", toCard)).as("still processing")
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.code()).isEqualTo("INVALID_REQUEST"));
        ledger.settleRefund("RA", RefundStatus.ABNORMAL, now);
        assertThatThrownBy(() -> ledger.applyAbnormalRefund("1900000999", r.refundId(), "RA", toCard))
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.code()).isEqualTo("RESOURCE_NOT_EXISTS"));
        assertThatThrownBy(() -> ledger.applyAbnormalRefund(MCH, r.refundId(), "RB", toCard))
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.code()).isEqualTo("PARAM_ERROR"));
        Refund applied = ledger.applyAbnormalRefund(MCH, r.refundId(), "RA", toCard);
        assertThat(applied.status()).isEqualTo(RefundStatus.PROCESSING);
        assertThat(ledger.applyAbnormalRefund(MCH, r.refundId(), "RA", toCard)).as("a retry").isEqualTo(applied);
        ledger.settleRefund("RA", RefundStatus.SUCCESS, now.plusSeconds(5));
        assertThat(ledger.byOutTradeNo(MCH, "APPLY0001").orElseThrow().tradeState()).isEqualTo(TradeState.REFUND);
        assertThatThrownBy(() -> ledger.applyAbnormalRefund(MCH, r.refundId(), "RA", toCard)).as("settled")
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.code()).isEqualTo("INVALID_REQUEST"));
    }

    @Test
    void refund_totalMustMatchTheTransaction() {
        prepay("TOTAL0001", 1000);
        ledger.pay("TOTAL0001", "o1", now);
        assertThatThrownBy(() -> ledger.refund(MCH, new RefundOrder(null, "TOTAL0001", "R", null, null, 1, 999, "CNY"), now))
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.code()).isEqualTo("PARAM_ERROR"));
    }

    @Test
    void otherMerchant_seesNothing() {
        prepay("MINE00001", 100);
        assertThat(ledger.byOutTradeNo("1900000999", "MINE00001")).isEmpty();
        assertThatThrownBy(() -> ledger.close("1900000999", "MINE00001"))
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void pay_afterThePayWindowIsRefused_andWeChatHasClosedTheOrder() {
        ledger.prepay(order("EXPIRE01", null, now.plusSeconds(60)), now);
        assertThatThrownBy(() -> ledger.pay("EXPIRE01", "o1", now.plusSeconds(61)))
                .isInstanceOfSatisfying(WxError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("ORDER_EXPIRED");
                    assertThat(e.getMessage()).contains("2025-01-01T12:01:00+08:00");
                });
        assertThat(ledger.byOutTradeNo(MCH, "EXPIRE01").orElseThrow().tradeState()).isEqualTo(TradeState.CLOSED);
        ledger.prepay(order("EXPIRE03", null, now.plusSeconds(60)), now);
        assertThat(ledger.pay("EXPIRE03", "o1", now.plusSeconds(60)).tradeState()).as("the last moment still pays")
                .isEqualTo(TradeState.SUCCESS);
    }

    @Test
    void read_afterThePayWindow_showsTheUnpaidOrderClosed_andARetriedPrepayIsOrderClosed() {
        Ledger later = new Ledger(Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC));
        later.prepay(order("EXPIRE04", null, now.plusSeconds(60)), now);
        assertThat(later.byOutTradeNo(MCH, "EXPIRE04").orElseThrow().tradeState()).isEqualTo(TradeState.CLOSED);
        assertThat(later.transactions()).extracting(Txn::tradeState).containsExactly(TradeState.CLOSED);
        assertThatThrownBy(() -> later.prepay(order("EXPIRE04", null, now.plusSeconds(60)), now.plusSeconds(61)))
                .isInstanceOfSatisfying(WxError.class, e -> assertThat(e.code()).isEqualTo("ORDER_CLOSED"));
    }

    @Test
    void prepay_retryMustCarryTheSameTimeExpire_comparedAsAnInstant() {
        Instant expire = Instant.parse("2025-01-01T05:00:00Z");
        Txn first = ledger.prepay(order("EXPIRE02", expire, expire), now);
        assertThat(ledger.prepay(order("EXPIRE02", expire, expire.plusSeconds(9)), now.plusSeconds(9)).prepayId())
                .as("a retry, given a fresh prepay_id").isNotEqualTo(first.prepayId()).startsWith("wx");
        for (Instant other : new Instant[] {expire.plusSeconds(1), null}) {
            assertThatThrownBy(() -> ledger.prepay(order("EXPIRE02", other, expire), now))
                    .as("time_expire %s", other)
                    .isInstanceOfSatisfying(WxError.class, e -> {
                        assertThat(e.code()).isEqualTo("INVALID_REQUEST");
                        assertThat(e.getMessage()).isEqualTo("201 商户订单号重复");
                    });
        }
    }

    private void paid(String no, long total) {
        prepay(no, total);
        ledger.pay(no, "o1", now);
    }

    private Refund refund(String no, String outRefundNo, long amount, Instant at) {
        return ledger.refund(MCH, new RefundOrder(null, no, outRefundNo, null, null, amount, 1000, "CNY"), at);
    }

    private void prepay(String no, long total) {
        ledger.prepay(new PrepayOrder(TradeType.JSAPI, "wx1", MCH, no, "d", null, "http://x/n", total, "CNY", "o1",
                null, now.plusSeconds(7 * 86_400), now.plusSeconds(7_200)), now);
    }

    private static PrepayOrder order(String no, Instant timeExpire, Instant payableUntil) {
        return new PrepayOrder(TradeType.JSAPI, "wx1", MCH, no, "d", null, "http://x/n", 100, "CNY", "o1", timeExpire,
                payableUntil, payableUntil);
    }
}
