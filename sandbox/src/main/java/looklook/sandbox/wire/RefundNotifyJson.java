package looklook.sandbox.wire;

import looklook.sandbox.ledger.Refund;

/** What a REFUND.* notify decrypts to (the SDK's {@code refund.model.RefundNotification}). */
public record RefundNotifyJson(
        String mchid,
        String outTradeNo,
        String transactionId,
        String outRefundNo,
        String refundId,
        String refundStatus,
        String successTime,
        String userReceivedAccount,
        Amount amount) {

    /** {@code amount}, in cents. */
    public record Amount(long total, long refund, long payerTotal, long payerRefund) {
    }

    /** The view of {@code r} for merchant {@code mchid}. */
    public static RefundNotifyJson of(String mchid, Refund r) {
        return new RefundNotifyJson(mchid, r.outTradeNo(), r.transactionId(), r.outRefundNo(), r.refundId(),
                r.status().name(), Times.rfc3339(r.successTime()), RefundJson.receivedAccount(r),
                new Amount(r.total(), r.refund(), r.total(), r.refund()));
    }
}
