package looklook.sandbox.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import looklook.sandbox.WxError;
import looklook.sandbox.wire.Times;

/**
 * WeChat's limits on the refunds of one payment, from the refund API doc
 * (pay.weixin.qq.com/doc/v3/merchant/4012556457): within 365 days of the payment's success_time,
 * never more than was paid, at most 50 refunds, and two refunds at least a minute apart.
 * {@code gap} is that minute scaled by the simulator's TimeFactor, so tests can wait it out; the
 * 365 days are not scaled.
 */
public record RefundLimits(Duration gap) {
    /** At most this many refunds of one payment (每个支付订单的部分退款次数不能超过50次). */
    public static final int MAX_REFUNDS = 50;
    /** A payment can be refunded until this long after its success_time (支付成功时间+365天). */
    public static final Duration WINDOW = Duration.ofDays(365);
    /** WeChat's gap between two refunds of one payment (同一笔订单多次退款的请求需相隔1分钟). */
    public static final Duration WECHAT_GAP = Duration.ofMinutes(1);

    /** WeChat's minute, scaled by {@code timeFactor}. */
    public static RefundLimits scaledBy(double timeFactor) {
        return new RefundLimits(Duration.ofMillis(Math.round(WECHAT_GAP.toMillis() * timeFactor)));
    }

    /**
     * Refuses a new refund of {@code amount} from {@code t} at {@code now} that breaks a limit;
     * {@code earlier} are the refunds of {@code t} WeChat accepted before, oldest first.
     */
    void check(Txn t, List<Refund> earlier, long amount, Instant now) {
        Instant last = t.successTime().plus(WINDOW);
        if (now.isAfter(last)) {
            throw new WxError(400, "INVALID_REQUEST", "out_trade_no " + t.outTradeNo() + " was paid at "
                    + Times.rfc3339(t.successTime()) + "; it could be refunded until " + Times.rfc3339(last)
                    + " (365 days after payment)");
        }
        if (t.refunded() + amount > t.total()) {
            throw new WxError(400, "INVALID_REQUEST", "amount.refund: " + amount + " (already refunded or held " + t.refunded()
                    + " of " + t.total() + ", at most " + (t.total() - t.refunded()) + " left)");
        }
        if (earlier.size() >= MAX_REFUNDS) {
            throw new WxError(400, "INVALID_REQUEST", "out_trade_no " + t.outTradeNo() + " has " + earlier.size()
                    + " refunds (expected at most " + MAX_REFUNDS + " refunds of one payment)");
        }
        if (!earlier.isEmpty()) {
            Instant previous = earlier.get(earlier.size() - 1).createTime();
            if (now.isBefore(previous.plus(gap))) {
                throw new WxError(429, "FREQUENCY_LIMITED", "out_trade_no " + t.outTradeNo() + " was refunded at "
                        + Times.rfc3339(previous) + "; the next refund of it may come " + gap.toMillis()
                        + " ms later (WeChat's one minute between two refunds of one payment), retry later");
            }
        }
    }
}
