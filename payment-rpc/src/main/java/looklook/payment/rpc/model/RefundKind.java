package looklook.payment.rpc.model;

import java.util.Arrays;
import java.util.Optional;

/** Why a refund is made, which decides what its success does to the payment and the order. */
public enum RefundKind {
    /** The guest cancelled under the policy: the order turns refunding before WeChat is asked, refunded after. */
    CANCEL("cancel"),
    /** All that is left of the payment (late money, a cancelled order's payment, a platform refund of everything). */
    FULL("full"),
    /** Part of the payment (a compensation, a price correction): payment and order stay as they are. */
    PARTIAL("partial");

    private final String code;

    RefundKind(String code) {
        this.code = code;
    }

    /** The value stored in third_refund.kind. */
    public String code() {
        return code;
    }

    /** True when the refund's success moves its payment to refunded (and so its order, by the pay event). */
    public boolean closesPayment() {
        return this != PARTIAL;
    }

    /** True when the order must be refunding before WeChat may be asked (a check-in or the expiry racing it loses). */
    public boolean holdsOrder() {
        return this == CANCEL;
    }

    /** The kind for a column value. */
    public static Optional<RefundKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }
}
