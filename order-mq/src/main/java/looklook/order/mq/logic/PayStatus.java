package looklook.order.mq.logic;

import java.util.Arrays;
import java.util.Optional;

/** The payment outcomes a pay status event reports that move an order (third_payment.pay_status). */
public enum PayStatus {
    SUCCESS(1),
    REFUNDED(2);

    private final int code;

    PayStatus(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The outcome for a wire value; empty for the ones no order follows (wait, failed, closed). */
    public static Optional<PayStatus> of(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }
}
