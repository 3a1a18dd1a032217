package looklook.payment.rpc.channel;

/**
 * The provider answered and refused: {@code final} when asking again cannot help until something
 * changes (a rule, a balance: a person may be needed), otherwise a transient refusal (a rate limit,
 * a system error) worth retrying soon.
 */
public final class ChannelRefusal extends RuntimeException {
    private final boolean refused;

    public ChannelRefusal(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    /** True when the provider refused the request itself rather than failing to serve it. */
    public boolean refused() {
        return refused;
    }
}
