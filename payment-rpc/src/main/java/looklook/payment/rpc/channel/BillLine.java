package looklook.payment.rpc.channel;

/**
 * One line of a provider's daily trade bill, in the words the reconciliation checks: a payment
 * ({@code refund} false; {@code tradeState} SUCCESS when money was taken) or a refund of
 * {@code outTradeNo} ({@code refundStatus} SUCCESS when the money went back, CHANGE when it could not).
 * {@code merchant} and {@code app} are who the line was for (the mchid and appid at WeChat, the seller
 * PID at Alipay, which has no app on a bill); {@code transactionId} the provider's trade id and
 * {@code refundId} the id the refund API answers for a refund (WeChat's refund_id, Alipay's trade_no);
 * money in fen.
 */
public record BillLine(boolean refund, String tradeState, String merchant, String app, String transactionId,
                       String outTradeNo, long totalFen, String refundId, String outRefundNo, long refundFen,
                       String refundStatus) {
    /** What a provider's bill says about a state it lists only when done. */
    public static final String SUCCESS = "SUCCESS";
}
