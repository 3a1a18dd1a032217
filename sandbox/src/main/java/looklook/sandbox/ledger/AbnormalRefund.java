package looklook.sandbox.ledger;

/**
 * How the merchant asked WeChat to release an ABNORMAL refund's money ({@code apply-abnormal-refund}):
 * to the payer's bank card of {@code bankType}, or back to the merchant's own bank account
 * ({@code bankType} null).
 */
public record AbnormalRefund(Type type, String bankType) {
    /** WeChat's {@code type} of an abnormal refund. */
    public enum Type {
        USER_BANK_CARD, MERCHANT_BANK_CARD
    }
}
