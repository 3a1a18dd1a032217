package looklook.payment.rpc.model;

import java.util.Arrays;
import java.util.Optional;

/** How a payment is made; the wire value is looklook's. */
public enum PayMode {
    WECHAT_PAY("WECHAT_PAY");

    private final String code;

    PayMode(String code) {
        this.code = code;
    }

    /** The value stored in third_payment.pay_mode. */
    public String code() {
        return code;
    }

    /** The mode for a wire value. */
    public static Optional<PayMode> of(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }
}
