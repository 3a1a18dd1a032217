package looklook.pkg.limit;

import looklook.pkg.errors.ErrorCode;

/**
 * A request refused before its handler ran: over a rate limit (429, 100007), or the limit could not
 * be counted on a route that fails closed (503, 100001). Both tell the client when to try again.
 */
public final class RateLimitException extends RuntimeException {
    private final int status;
    private final ErrorCode code;
    private final long retryAfterSeconds;

    private RateLimitException(int status, ErrorCode code, long retryAfterSeconds) {
        super(code.message(), null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    static RateLimitException tooManyRequests(long retryAfterSeconds) {
        return new RateLimitException(429, ErrorCode.TOO_MANY_REQUESTS, retryAfterSeconds);
    }

    static RateLimitException cannotCount(long retryAfterSeconds) {
        return new RateLimitException(503, ErrorCode.SERVER_COMMON_ERROR, retryAfterSeconds);
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }

    /** The envelope's code. */
    public ErrorCode code() {
        return code;
    }

    /** Whole seconds for the {@code Retry-After} header, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
