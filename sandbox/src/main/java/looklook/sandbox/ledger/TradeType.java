package looklook.sandbox.ledger;

/** How the payer was asked to pay: inside a mini program (JSAPI) or by scanning a code (NATIVE). */
public enum TradeType {
    JSAPI, NATIVE
}
