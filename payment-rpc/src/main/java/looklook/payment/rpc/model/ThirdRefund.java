package looklook.payment.rpc.model;

/** A row of {@code third_refund}: the full refund of one successful payment. */
public record ThirdRefund(long id, String sn, String paymentSn, String orderSn, long userId, long refundAmount,
                          String reason, int refundStatus, String refundId, long successTime) {
    /** Refund states as stored; WeChat's PROCESSING/SUCCESS/ABNORMAL/CLOSED. */
    public static final int PROCESSING = 0;
    public static final int SUCCESS = 1;
    public static final int ABNORMAL = -1;
    public static final int CLOSED = 2;
}
