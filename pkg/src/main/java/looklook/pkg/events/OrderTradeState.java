package looklook.pkg.events;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * An order's trade state (a fact every service reads) and who may move it where: paying or closing a waiting order, then
 * using, cancelling (refunding) or expiring a paid one. A guest's cancellation moves a paid order to refunding first (a
 * compare-and-set payment-rpc makes before WeChat hears of the refund), so a check-in or the expiry tick racing it finds
 * the order no longer paid; refunding ends refunded. Paid may also turn refunded at once (a full refund made on the
 * merchant platform). Nothing leaves cancelled, used, refunded or expired.
 */
public enum OrderTradeState {
    CANCELLED(-1, "cancelled"),
    WAIT_PAY(0, "wait pay"),
    /** Paid and not used yet (looklook's WaitUse). */
    PAID(1, "paid"),
    USED(2, "used"),
    REFUNDED(3, "refunded"),
    EXPIRED(4, "expired"),
    /** Cancelled by the guest, the refund on its way (the money is not back yet). */
    REFUNDING(5, "refunding");

    private final int code;
    private final String label;

    OrderTradeState(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The value stored in homestay_order.trade_state and sent over gRPC. */
    public int code() {
        return code;
    }

    /** True when an order in this state may move to {@code to}. */
    public boolean canMoveTo(OrderTradeState to) {
        return switch (this) {
            case WAIT_PAY -> Set.of(PAID, CANCELLED).contains(to);
            case PAID -> Set.of(USED, REFUNDING, REFUNDED, EXPIRED).contains(to);
            case REFUNDING -> to == REFUNDED;
            case CANCELLED, USED, REFUNDED, EXPIRED -> false;
        };
    }

    /** The state for a wire or column value. */
    public static Optional<OrderTradeState> of(long code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }

    /** {@code "1 (paid)"}, for messages. */
    @Override
    public String toString() {
        return code + " (" + label + ")";
    }
}
