package looklook.sandbox.pay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request bodies of the Pay API and of the payer's side, as JSON arrives (snake_case unless WeChat says otherwise). */
public final class PayBodies {
    private PayBodies() {
    }

    /** JSAPI and Native prepay. */
    public record Prepay(String appid, String mchid, String description, String outTradeNo, String notifyUrl,
                         String timeExpire, String attach, Amount amount, Payer payer) {
    }

    /** {@code amount} of a prepay, in cents. */
    public record Amount(Long total, String currency) {
    }

    /** {@code payer} of a JSAPI prepay. */
    public record Payer(String openid) {
    }

    /** Close. */
    public record Close(String mchid) {
    }

    /** Refund, by transaction_id or out_trade_no. */
    public record Refund(String transactionId, String outTradeNo, String outRefundNo, String reason, String notifyUrl,
                         RefundAmount amount) {
    }

    /** {@code amount} of a refund, in cents. */
    public record RefundAmount(Long refund, Long total, String currency) {
    }

    /**
     * {@code apply-abnormal-refund}: {@code type} USER_BANK_CARD or MERCHANT_BANK_CARD; for the payer's
     * card its bank and the encrypted account number and name.
     */
    public record AbnormalRefund(String subMchid, String outRefundNo, String type, String bankType, String bankAccount,
                                 String realName, String bankAddress) {
    }

    /**
     * {@code POST /sim/v1/payer/account}: the payer {@code openid}'s account turns {@code state}
     * (ok, card_closed, deregistered).
     */
    public record PayerAccountState(String openid, String state) {
    }

    /**
     * {@code POST /sim/v1/merchant/refund}: a refund made by hand on the merchant platform;
     * {@code amount} in cents, absent for whatever is left.
     */
    public record MerchantRefund(String outTradeNo, Long amount, String reason) {
    }

    /**
     * {@code POST /sim/v1/pay}: either what {@code wx.requestPayment} gets (camelCase, as the
     * merchant's prepayWithRequestPayment produced it), or a Native {@code code_url} and the payer;
     * optionally {@code coupon} (cents of the total a coupon pays) or {@code pay_error} (the bank
     * refuses this attempt: PAYERROR).
     */
    public record UserPay(
            @JsonProperty("appId") String appId,
            @JsonProperty("timeStamp") String timeStamp,
            @JsonProperty("nonceStr") String nonceStr,
            @JsonProperty("package") String packageValue,
            @JsonProperty("signType") String signType,
            @JsonProperty("paySign") String paySign,
            String codeUrl,
            String openid,
            Long coupon,
            Boolean payError) {
    }
}
