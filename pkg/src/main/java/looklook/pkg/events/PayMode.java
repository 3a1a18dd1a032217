package looklook.pkg.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The provider a payment goes through (third_payment.pay_mode, looklook's wire value); what the
 * status answers as {@code payMode}; payment-rpc routes every call to the provider by it.
 */
public enum PayMode {
    WECHAT_PAY("WECHAT_PAY"),
    ALIPAY("ALIPAY");

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
