package looklook.pkg.kafka;

/** Thrown by a handler for a message that can never be handled (it cannot be parsed): dead-letter it now. */
public final class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
