package looklook.pkg.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * A payment's status in this platform and where it may move: a waiting payment succeeds, fails or
 * is closed; a successful one may be refunded. Nothing leaves failed, refunded or closed.
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
            case SUCCESS -> to == REFUNDED;
            case FAILED, REFUNDED, CLOSED -> false;
        };
    }

    /** True when reaching this status is news for the order (order-mq turns it paid or refunded). */
    public boolean published() {
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
