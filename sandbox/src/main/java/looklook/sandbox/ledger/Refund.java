package looklook.sandbox.ledger;

import java.time.Instant;

/**
 * One refund as WeChat Pay keeps it. Money in cents. {@code recovery} is set once the merchant
 * applied for an ABNORMAL refund's money ({@code apply-abnormal-refund}); null otherwise.
 */
public record Refund(
        String refundId,
        String outRefundNo,
        String outTradeNo,
        String transactionId,
        String reason,
        String notifyUrl,
        long refund,
        long total,
        String currency,
        RefundStatus status,
        Instant createTime,
        Instant successTime,
        AbnormalRefund recovery) {

    Refund settled(RefundStatus to, Instant at) {
        return new Refund(refundId, outRefundNo, outTradeNo, transactionId, reason, notifyUrl, refund, total, currency,
                to, createTime, to == RefundStatus.SUCCESS ? at : null, recovery);
    }

    /** The ABNORMAL refund on its way to where {@code how} says: PROCESSING again. */
    Refund recovering(AbnormalRefund how) {
        return new Refund(refundId, outRefundNo, outTradeNo, transactionId, reason, notifyUrl, refund, total, currency,
                RefundStatus.PROCESSING, createTime, null, how);
    }
}
