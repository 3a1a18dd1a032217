package looklook.sandbox;

/** A refusal in WeChat's shape: an HTTP status and a {@code {"code","message"}} body. */
public final class WxError extends RuntimeException {
    private final int status;
    private final String code;

    public WxError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** 400 PARAM_ERROR naming the bad field. */
    public static WxError param(String message) {
        return new WxError(400, "PARAM_ERROR", message);
    }

    /** 401 SIGN_ERROR: the request's signature or Authorization header is not acceptable. */
    public static WxError sign(String message) {
        return new WxError(401, "SIGN_ERROR", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
