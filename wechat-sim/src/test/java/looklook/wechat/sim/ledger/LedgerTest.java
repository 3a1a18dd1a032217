package looklook.wechat.sim.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import looklook.wechat.sim.WxError;
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
        prepay("REFUNDRACE", 1000);
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
    void refund_abnormalRefundGivesItsAmountBack() {
        prepay("ABNORMAL1", 1000);
        ledger.pay("ABNORMAL1", "o1", now);
        ledger.refund(MCH, new RefundOrder(null, "ABNORMAL1", "RA", null, null, 1000, 1000, "CNY"), now);
        ledger.settleRefund("RA", RefundStatus.ABNORMAL, now);
        Txn t = ledger.byOutTradeNo(MCH, "ABNORMAL1").orElseThrow();
        assertThat(t.refunded()).isZero();
        assertThat(t.tradeState()).isEqualTo(TradeState.SUCCESS);
        ledger.refund(MCH, new RefundOrder(null, "ABNORMAL1", "RB", null, null, 1000, 1000, "CNY"), now);
        ledger.settleRefund("RB", RefundStatus.SUCCESS, now);
        assertThat(ledger.byOutTradeNo(MCH, "ABNORMAL1").orElseThrow().tradeState()).isEqualTo(TradeState.REFUND);
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

    private void prepay(String no, long total) {
        ledger.prepay(new PrepayOrder(TradeType.JSAPI, "wx1", MCH, no, "d", null, "http://x/n", total, "CNY", "o1",
                null, now.plusSeconds(7 * 86_400), now.plusSeconds(7_200)), now);
    }

    private static PrepayOrder order(String no, Instant timeExpire, Instant payableUntil) {
        return new PrepayOrder(TradeType.JSAPI, "wx1", MCH, no, "d", null, "http://x/n", 100, "CNY", "o1", timeExpire,
                payableUntil, payableUntil);
    }
}
