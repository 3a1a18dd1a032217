package looklook.payment.rpc.channel;

import java.util.Optional;

/**
 * A payment's trade as its provider reports it, in the words UpdateTradeState keeps: {@code tradeState}
 * the provider's own state name, {@code transactionId} its trade id, {@code payTime} unix seconds (0
 * unknown), and {@code mismatch} why the trade is not the payment we asked for (another merchant, app
 * or amount), in which case nothing of it is applied.
 */
public record ProviderTrade(
        State state,
        String tradeState,
        String transactionId,
        String tradeType,
        String tradeStateDesc,
        long payTime,
        Optional<String> mismatch) {

    /** Where the trade stands, as far as our money goes. */
    public enum State {
        /** The provider took the money (refunded since, perhaps): the payment was paid. */
        TOOK_MONEY,
        /** Closed without money: nothing can be paid for it any more. */
        CLOSED_UNPAID,
        /** Still payable. */
        OPEN
    }
}
