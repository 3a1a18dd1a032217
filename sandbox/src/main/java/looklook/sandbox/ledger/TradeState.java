package looklook.sandbox.ledger;

/** A transaction's {@code trade_state} as WeChat Pay reports it. */
public enum TradeState {
    SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR
}
