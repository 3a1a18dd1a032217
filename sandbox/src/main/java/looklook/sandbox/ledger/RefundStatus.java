package looklook.sandbox.ledger;

/**
 * A refund's {@code status}. PROCESSING, SUCCESS and ABNORMAL hold their money back from further
 * refunds (an ABNORMAL refund's money is held by WeChat until {@code apply-abnormal-refund}); a
 * CLOSED refund gives it back.
 */
public enum RefundStatus {
    SUCCESS, CLOSED, PROCESSING, ABNORMAL;

    /** True while the refund counts against what may still be refunded. */
    public boolean holdsMoney() {
        return this != CLOSED;
    }
}
