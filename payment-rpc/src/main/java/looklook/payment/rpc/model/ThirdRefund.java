package looklook.payment.rpc.model;

/**
 * A row of {@code third_refund}: the full refund of one payment, and the state of its request at
 * WeChat ({@code acceptedAt} epoch ms once WeChat took the request, {@code nextTryAt} when the refund
 * pump next asks or queries, {@code attempts} so far).
 */
public record ThirdRefund(long id, String sn, String paymentSn, String orderSn, long userId, long refundAmount,
                          String reason, int refundStatus, String refundId, long successTime, int attempts,
                          long nextTryAt, long acceptedAt) {
    /** Refund states as stored; WeChat's PROCESSING/SUCCESS/ABNORMAL/CLOSED. */
    public static final int PROCESSING = 0;
    public static final int SUCCESS = 1;
    public static final int ABNORMAL = -1;
    public static final int CLOSED = 2;

    /** A new refund, before insertion; the pump asks WeChat from {@code nextTryAt} (epoch ms) unless a caller did first. */
    public static ThirdRefund processing(String sn, ThirdPayment paid, String reason, long nextTryAt) {
        return new ThirdRefund(0, sn, paid.sn(), paid.orderSn(), paid.userId(), paid.payTotal(), reason, PROCESSING, "", 0,
                0, nextTryAt, 0);
    }
}
