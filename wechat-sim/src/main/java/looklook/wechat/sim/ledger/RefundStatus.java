package looklook.wechat.sim.ledger;

/** A refund's {@code status}; only PROCESSING and SUCCESS hold money back from further refunds. */
public enum RefundStatus {
    SUCCESS, CLOSED, PROCESSING, ABNORMAL;

    /** True while the refund counts against what may still be refunded. */
    public boolean holdsMoney() {
        return this == SUCCESS || this == PROCESSING;
    }
}
