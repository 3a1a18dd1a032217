package looklook.pkg.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * A payment's status in this platform and where it may move: a waiting payment succeeds, fails or
 * is closed; a successful one may be refunded. A closed (or failed) payment that WeChat took money
 * for anyway (a prepay that reached WeChat late, a clock apart) is refunded, never made to count:
 * closed and failed move to refunded only. Nothing leaves refunded.
 */
public enum PayStatus {
    FAILED(-1, "failed"),
    WAIT(0, "wait"),
    SUCCESS(1, "success"),
    REFUNDED(2, "refunded"),
    CLOSED(3, "closed");

    private final int code;
    private final String label;

    PayStatus(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The value stored in third_payment.pay_status and sent over gRPC and Kafka. */
    public int code() {
        return code;
    }

    /** True when a payment in this status may move to {@code to}. */
    public boolean canMoveTo(PayStatus to) {
        return switch (this) {
            case WAIT -> to == SUCCESS || to == FAILED || to == CLOSED;
            case SUCCESS, FAILED, CLOSED -> to == REFUNDED;
            case REFUNDED -> false;
        };
    }

    /** True when reaching this status is news for the order (order-mq turns it paid or refunded). */
    public boolean published() {
        return this == SUCCESS || this == REFUNDED;
    }

    /**
     * True when moving from {@code from} to this status is news for the order: waiting to paid, paid
     * to refunded. Money given back for a payment that never counted (closed or failed) is not.
     */
    public boolean publishedFrom(PayStatus from) {
        return published() && (from == WAIT || from == SUCCESS);
    }

    /** True when a payment in this status pays its order (the order must turn paid, not be cancelled). */
    public boolean paysOrder() {
        return this == SUCCESS;
    }

    /** True when this payment paid its order, whether or not it was refunded since. */
    public boolean paidOrder() {
        return this == SUCCESS || this == REFUNDED;
    }

    /** The status for a wire or column value. */
    public static Optional<PayStatus> of(long code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }

    /** {@code "1 (success)"}, for messages. */
    @Override
    public String toString() {
        return code + " (" + label + ")";
    }
}
