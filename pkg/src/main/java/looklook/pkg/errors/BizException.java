package looklook.pkg.errors;

import static java.util.Objects.requireNonNull;

/**
 * A business error: a code and a message that is safe to show to the user.
 * Thrown by logic classes; mapped to a gRPC status by the rpc server and to the
 * looklook envelope by the rest server.
 */
public final class BizException extends RuntimeException {
    private final int code;
    private final String userMessage;

    /** An error with the code's default message. */
    public BizException(ErrorCode code) {
        this(code, null, null);
    }

    /**
     * An error with a detail. For codes that are not {@link ErrorCode#internal()} the detail is
     * the user message (name the bad value and what was expected); for internal ones it is only logged.
     */
    public BizException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** As {@link #BizException(ErrorCode, String)}, keeping the underlying cause for the log. */
    public BizException(ErrorCode code, String detail, Throwable cause) {
        super(code.name() + (detail == null ? "" : ": " + detail), cause);
        requireNonNull(code, "code");
        this.code = code.code();
        this.userMessage = code.internal() || detail == null ? code.message() : detail;
    }

    /** Rebuilds an error received from another process (code and message as they travelled). */
    public static BizException fromWire(int code, String userMessage) {
        return new BizException(code, userMessage);
    }

    private BizException(int code, String userMessage) {
        super(code + ": " + userMessage);
        this.code = code;
        this.userMessage = requireNonNull(userMessage, "userMessage");
    }

    /** Shorthand for a 100002 error naming the bad field, its value and what was expected. */
    public static BizException badParam(String detail) {
        return new BizException(ErrorCode.REQUEST_PARAM_ERROR, detail);
    }

    public int code() {
        return code;
    }

    /** The message a client may see. */
    public String userMessage() {
        return userMessage;
    }

    /** True when this carries the given code. */
    public boolean is(ErrorCode errorCode) {
        return code == errorCode.code();
    }
}
