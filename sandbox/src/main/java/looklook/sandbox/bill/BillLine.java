package looklook.sandbox.bill;

import java.time.Instant;
import looklook.sandbox.ledger.Refund;
import looklook.sandbox.ledger.Txn;

/**
 * One detail line of a trade bill: a payment (refund null), dated by its success time, or a
 * refund, dated by when WeChat accepted it (the bill's day for each, as WeChat's bill format doc
 * says), with the transaction it refunds.
 */
public record BillLine(Instant time, Txn txn, Refund refund) {

    /** The line for a paid transaction. */
    public static BillLine payment(Txn t) {
        return new BillLine(t.successTime(), t, null);
    }

    /** The line for a refund of {@code t}. */
    public static BillLine refund(Txn t, Refund r) {
        return new BillLine(r.createTime(), t, r);
    }

    /** True for a refund line. */
    public boolean isRefund() {
        return refund != null;
    }
}
