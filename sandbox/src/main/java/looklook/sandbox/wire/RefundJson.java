package looklook.sandbox.wire;

import looklook.sandbox.ledger.AbnormalRefund;
import looklook.sandbox.ledger.Refund;

/** A refund as WeChat Pay answers a refund call or a refund query (the SDK's {@code refund.model.Refund}). */
public record RefundJson(
        String refundId,
        String outRefundNo,
        String transactionId,
        String outTradeNo,
        String channel,
        String userReceivedAccount,
        String successTime,
        String createTime,
        String status,
        String fundsAccount,
        Amount amount) {

    /** {@code amount}, in cents; no coupons in the sandbox, so payer amounts equal the totals. */
    public record Amount(long total, long refund, long payerTotal, long payerRefund, long settlementRefund,
                         long settlementTotal, long discountRefund, String currency, long refundFee) {
    }

    /** The view of {@code r}. */
    public static RefundJson of(Refund r) {
        return new RefundJson(r.refundId(), r.outRefundNo(), r.transactionId(), r.outTradeNo(),
                r.recovery() == null ? "ORIGINAL" : "OTHER_BANKCARD", receivedAccount(r), Times.rfc3339(r.successTime()),
                Times.rfc3339(r.createTime()), r.status().name(),
                "AVAILABLE", new Amount(r.total(), r.refund(), r.total(), r.refund(), r.refund(), r.total(), 0,
                        r.currency(), 0));
    }

    /**
     * {@code user_received_account}: where the money went. Back the way it was paid, unless an
     * ABNORMAL refund was applied for to a bank card (the payer's, or the merchant's own account).
     */
    public static String receivedAccount(Refund r) {
        if (r.recovery() == null) {
            return "payer's balance";
        }
        return r.recovery().type() == AbnormalRefund.Type.USER_BANK_CARD
                ? "payer's bank card " + r.recovery().bankType() : "merchant's bank account";
    }
}
