package looklook.payment.rpc.channel;

/**
 * A refund as its provider reports it: {@code refundId} the provider's id ("" none), {@code successTime}
 * unix seconds (0 unknown), {@code amount} in fen.
 */
public record ProviderRefund(Status status, String refundId, long successTime, long amount) {
    /** The refund's state at the provider. */
    public enum Status {
        PROCESSING,
        SUCCESS,
        CLOSED,
        ABNORMAL
    }
}
