package looklook.order.mq.logic;

import java.util.Arrays;
import java.util.Optional;

/** An order's trade state as order-rpc sends it (homestay_order.trade_state). */
public enum TradeState {
    CANCELLED(-1, "cancelled"),
    WAIT_PAY(0, "wait pay"),
    PAID(1, "paid"),
    USED(2, "used"),
    REFUNDED(3, "refunded"),
    EXPIRED(4, "expired");

    private final int code;
    private final String label;

    TradeState(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The state for a wire value. */
    public static Optional<TradeState> of(long code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }

    /** {@code "1 (paid)"}, for messages. */
    @Override
    public String toString() {
        return code + " (" + label + ")";
    }
}
