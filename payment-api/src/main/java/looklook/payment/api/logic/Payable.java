package looklook.payment.api.logic;

import java.time.Clock;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.proto.order.HomestayOrder;

/** Whether an order may be prepaid now, whatever the channel, and until when the provider may take its money. */
final class Payable {
    /** Seconds of pay window a prepay needs at least (WeChat advises a minute; the demo's windows are 20 s). */
    static final long MIN_PAY_WINDOW_SECONDS = 5;

    private Payable() {
    }

    /**
     * The order's pay deadline, which the provider gets as time_expire: after it no money is taken, so
     * a prepay that arrives after the close job gave the order up can never be paid. Refuses an order
     * that is paid, no longer waiting, or has less than {@link #MIN_PAY_WINDOW_SECONDS} left (the user
     * could not finish).
     */
    static long windowEnd(HomestayOrder o, Clock clock) {
        OrderTradeState state = OrderTradeState.of(o.getTradeState()).orElseThrow(() ->
                new IllegalStateException("order " + o.getSn() + " has an unknown trade state " + o.getTradeState()));
        if (state == OrderTradeState.PAID || state == OrderTradeState.USED || state == OrderTradeState.REFUNDING
                || state == OrderTradeState.REFUNDED) {
            throw new BizException(ErrorCode.PAYMENT_ORDER_ALREADY_PAID,
                    "order " + o.getSn() + " is already paid (trade state " + state + ")");
        }
        if (state != OrderTradeState.WAIT_PAY) {
            throw new BizException(ErrorCode.PAYMENT_ORDER_NOT_PAYABLE,
                    "order " + o.getSn() + " can no longer be paid (trade state " + state + ": cancelled or expired)");
        }
        long now = clock.instant().getEpochSecond();
        if (o.getPayDeadline() - now < MIN_PAY_WINDOW_SECONDS) {
            throw new BizException(ErrorCode.PAYMENT_ORDER_NOT_PAYABLE, "order " + o.getSn() + " can no longer be paid (its pay window "
                    + "ends at " + o.getPayDeadline() + ", now " + now + ")");
        }
        return o.getPayDeadline();
    }
}
