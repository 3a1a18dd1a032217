package looklook.pkg.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the payer pays within a {@link PayMode}: WeChat's trade_type (JSAPI in the mini program,
 * NATIVE a QR code scanned from a PC page), or Alipay's face-to-face QR code (PRECREATE, after
 * {@code alipay.trade.precreate}). Stored in third_payment.trade_type from the payment's creation,
 * because WeChat refuses a repeated prepay of one out_trade_no under another trade type.
 */
public enum TradeType {
    JSAPI("JSAPI", PayMode.WECHAT_PAY),
    NATIVE("NATIVE", PayMode.WECHAT_PAY),
    PRECREATE("PRECREATE", PayMode.ALIPAY);

    private final String code;
    private final PayMode payMode;

    TradeType(String code, PayMode payMode) {
        this.code = code;
        this.payMode = payMode;
    }

    /** The provider this type of payment goes through. */
    public PayMode payMode() {
        return payMode;
    }

    /** The value stored in third_payment.trade_type and sent to WeChat. */
    public String code() {
        return code;
    }

    /** The type for a wire value. */
    public static Optional<TradeType> of(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }

    /**
     * The type a stored or sent value means: empty is JSAPI, the only type of the payments made (and
     * the only one payment-api sent) before trade types were kept.
     */
    public static Optional<TradeType> orJsapi(String code) {
        return code == null || code.isEmpty() ? Optional.of(JSAPI) : of(code);
    }
}
