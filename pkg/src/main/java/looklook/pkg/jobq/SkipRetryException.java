package looklook.pkg.jobq;

/** Thrown by a handler when retrying cannot help (e.g. a payload that cannot be parsed): archive now. */
public final class SkipRetryException extends RuntimeException {
    public SkipRetryException(String message) {
        super(message);
    }

    public SkipRetryException(String message, Throwable cause) {
        super(message, cause);
    }
}
