package looklook.payment.rpc.logic;

import looklook.pkg.events.PayMode;

/** What a channel's daily bill can disagree with our books about; stored in bill_difference.kind. */
enum BillDifference {
    /** The provider took money for a payment still waiting here (its notify was lost): applied now. */
    DROPPED_NOTIFY(true),
    /** The provider took money for a payment closed here: kept and refunded. */
    LATE_MONEY(true),
    /** A refund of ours that settled at the provider and still processed here (its notify was lost): settled now. */
    REFUND_SETTLED(true),
    /** A full refund made outside the backend (the merchant platform): recorded, the order refunded. */
    REFUND_OUTSIDE(true),
    /** A partial refund made outside the backend: full refunds only here, a person decides. */
    PARTIAL_REFUND_OUTSIDE(false),
    /** A refund the provider could not finish (WeChat's CHANGE): the money is not back. */
    REFUND_ABNORMAL(false),
    /** A refund whose amount or outcome differs from ours. */
    REFUND_MISMATCH(false),
    /** A payment whose merchant, app or amount is not what we asked for, or a second transaction for one. */
    PAYMENT_MISMATCH(false),
    /** An out_trade_no we never issued. */
    UNKNOWN_PAYMENT(false),
    /** A WeChat payment paid here whose success WeChat's bill of that day does not list. */
    MISSING_AT_WECHAT(false),
    /** An Alipay payment paid here whose success Alipay's bill of that day does not list. */
    MISSING_AT_ALIPAY(false);

    private final boolean repairable;

    BillDifference(boolean repairable) {
        this.repairable = repairable;
    }

    /** The kind of a payment paid here that {@code mode}'s bill does not list. */
    static BillDifference missingAt(PayMode mode) {
        return switch (mode) {
            case WECHAT_PAY -> MISSING_AT_WECHAT;
            case ALIPAY -> MISSING_AT_ALIPAY;
        };
    }

    /** True when finding it repairs it. */
    boolean repairable() {
        return repairable;
    }
}
