package looklook.sandbox.ledger;

/** What a refund call asks for: the transaction by one of its two ids, the amount in cents. */
public record RefundOrder(
        String transactionId,
        String outTradeNo,
        String outRefundNo,
        String reason,
        String notifyUrl,
        long refund,
        long total,
        String currency) {
}
