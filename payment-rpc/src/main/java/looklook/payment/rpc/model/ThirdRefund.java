package looklook.payment.rpc.model;

/**
 * A row of {@code third_refund}: one refund of a payment (of several, up to WeChat's 50), booked
 * under the caller's idempotency key, and the state of its request at WeChat ({@code acceptedAt}
 * epoch ms once WeChat took it, {@code nextTryAt} when the refund pump next asks or queries, which is
 * also its turn in the payment's queue, {@code attempts} so far). A cancel's {@code orderHeld} says
 * its order was moved to refunding; {@code abnormalApplied} that an ABNORMAL one was applied for (WeChat
 * pays it out now).
 */
public record ThirdRefund(long id, String sn, String paymentSn, String orderSn, long userId, long refundAmount,
                          String reason, int refundStatus, String refundId, long successTime, int attempts,
                          long nextTryAt, long acceptedAt, String kind, String idemKey, String retryOf, boolean orderHeld,
                          boolean abnormalApplied) {
    /** Refund states as stored; WeChat's PROCESSING/SUCCESS/ABNORMAL/CLOSED, and ours: voided, never asked. */
    public static final int PROCESSING = 0;
    public static final int SUCCESS = 1;
    public static final int ABNORMAL = -1;
    public static final int CLOSED = 2;
    public static final int VOIDED = 3;

    /** A new refund of {@code amount} fen, before insertion; WeChat may be asked from {@code nextTryAt} (epoch ms). */
    public static ThirdRefund processing(String sn, ThirdPayment paid, long amount, RefundKind kind, String idemKey,
                                         String reason, long nextTryAt) {
        return new ThirdRefund(0, sn, paid.sn(), paid.orderSn(), paid.userId(), amount, reason, PROCESSING, "", 0,
                0, nextTryAt, 0, kind.code(), idemKey, "", !kind.holdsOrder(), false);
    }

    /** The refund that takes the place of this CLOSED one: same payment, amount and kind, a new sn and key. */
    public ThirdRefund retry(String newSn, String newKey, long nextTryAt) {
        return new ThirdRefund(0, newSn, paymentSn, orderSn, userId, refundAmount, reason, PROCESSING, "", 0, 0, nextTryAt,
                0, kind, newKey, sn, orderHeld, false);
    }

    /** Its kind; a value this build does not know is a corrupt row. */
    public RefundKind refundKind() {
        return RefundKind.of(kind).orElseThrow(() -> new IllegalStateException("refund " + sn + " has unknown kind " + kind));
    }
}
