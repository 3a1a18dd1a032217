package looklook.wechat.sim.ledger;

import java.time.Instant;

/** One refund as WeChat Pay keeps it. Money in cents. */
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
        Instant successTime) {

    Refund settled(RefundStatus to, Instant at) {
        return new Refund(refundId, outRefundNo, outTradeNo, transactionId, reason, notifyUrl, refund, total, currency,
                to, createTime, to == RefundStatus.SUCCESS ? at : null);
    }
}
