package looklook.sandbox.pay;

import looklook.sandbox.WxError;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.wire.TransactionJson;

/** Query by out_trade_no or transaction_id, and close. */
public final class OrderLogic {
    private final Ledger ledger;

    public OrderLogic(Ledger ledger) {
        this.ledger = ledger;
    }

    /** The transaction by the merchant's number; {@code queryMchid} is the {@code ?mchid=} parameter. */
    public TransactionJson byOutTradeNo(String mchid, String queryMchid, String outTradeNo) {
        checkMchid(mchid, queryMchid);
        return ledger.byOutTradeNo(mchid, outTradeNo).map(TransactionJson::of)
                .orElseThrow(() -> new WxError(404, "ORDER_NOT_EXIST", "out_trade_no " + outTradeNo + " does not exist"));
    }

    /** The transaction by WeChat's number. */
    public TransactionJson byTransactionId(String mchid, String queryMchid, String transactionId) {
        checkMchid(mchid, queryMchid);
        return ledger.byTransactionId(mchid, transactionId).map(TransactionJson::of)
                .orElseThrow(() -> new WxError(404, "ORDER_NOT_EXIST", "transaction_id " + transactionId + " does not exist"));
    }

    /** Closes an unpaid transaction (idempotent). */
    public void close(String mchid, String outTradeNo, PayBodies.Close b) {
        checkMchid(mchid, b.mchid());
        ledger.close(mchid, outTradeNo);
    }

    private static void checkMchid(String caller, String given) {
        if (given == null || given.isBlank()) {
            throw WxError.param("mchid is required");
        }
        if (!given.equals(caller)) {
            throw WxError.param("mchid: " + given + " (expected the caller's mchid " + caller + ")");
        }
    }
}
