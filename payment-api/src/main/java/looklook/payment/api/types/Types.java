package looklook.payment.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request and response bodies of payment-api; JSON names as looklook's thirdPayment.api. */
public final class Types {
    private Types() {
    }

    /** {@code POST /payment/v1/thirdPayment/thirdPaymentWxPay}: serviceType is homestayOrder. */
    public record ThirdPaymentWxPayReq(String orderSn, String serviceType) {
    }

    /** What {@code wx.requestPayment} needs, as looklook answered it. */
    public record ThirdPaymentWxPayResp(String appid, String nonceStr, @JsonProperty("package") String packageValue,
                                       String paySign, String signType, String timestamp) {
    }

    /** {@code POST /payment/v1/thirdPayment/thirdPaymentWxPayStatus}. */
    public record ThirdPaymentWxPayStatusReq(String orderSn) {
    }

    /**
     * The order's payment status (-1 failed, 0 wait or none yet, 1 success, 2 refunded, 3 closed)
     * and the order's trade state (-1 cancelled, 0 wait pay, 1 paid, 2 used, 3 refunded, 4 expired).
     */
    public record ThirdPaymentWxPayStatusResp(long payStatus, long orderTradeState) {
    }

    /**
     * {@code POST /payment/v1/thirdPayment/thirdPaymentWxNativePay} and {@code thirdPaymentAlipayPay}:
     * serviceType is homestayOrder.
     */
    public record ThirdPaymentQrPayReq(String orderSn, String serviceType) {
    }

    /** The code to scan: {@code codeUrl} as text and {@code qrCodeImage}, the same drawn as a {@code data:image/png;base64,} URL. */
    public record ThirdPaymentQrPayResp(String codeUrl, String qrCodeImage) {
    }

    /** {@code POST /payment/v1/thirdPayment/thirdPaymentStatus}: the one status poll for every channel. */
    public record ThirdPaymentStatusReq(String orderSn) {
    }

    /**
     * As {@link ThirdPaymentWxPayStatusResp}, plus the channel of the payment shown: {@code payMode}
     * (WECHAT_PAY, ALIPAY) and {@code tradeType} (JSAPI, NATIVE, PRECREATE), both "" before the
     * order's first prepay.
     */
    public record ThirdPaymentStatusResp(long payStatus, long orderTradeState, String payMode, String tradeType) {
    }

    /** {@code POST /payment/v1/thirdPayment/thirdPaymentRefundQuote}: what cancelling the caller's order would refund now. */
    public record ThirdPaymentRefundQuoteReq(String orderSn) {
    }

    /**
     * The cancellation quote in fen: {@code refundable} back to the guest, {@code fee} kept, and the
     * {@code rule} applied ("50% until the day before check-in") or why nothing is refundable.
     */
    public record ThirdPaymentRefundQuoteResp(long refundable, long fee, String rule) {
    }

    /** {@code POST /payment/v1/thirdPayment/thirdPaymentWxRefund}: the caller cancels their paid, unused order under the policy. */
    public record ThirdPaymentWxRefundReq(String orderSn, @looklook.pkg.conf.OptionalKey String reason) {
    }

    /**
     * The refund as it stands: refundStatus 0 processing (the money comes back with WeChat's notify), 1
     * success; refundAmount what comes back, fee what the policy keeps (fen).
     */
    public record ThirdPaymentWxRefundResp(String refundSn, long refundStatus, long refundAmount, long fee) {
    }
}
