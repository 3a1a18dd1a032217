package looklook.pkg.wechat;

/** WeChat's answer to a subscribe send: errcode 0 is sent; the helpers say what a sender should do otherwise. */
public record SubscribeResult(int errcode, String errmsg, Long msgid) {
    /** The user refused (or never accepted) this template: do not retry. */
    public static final int USER_REFUSED = 43101;
    /** A template field is invalid: retrying the same message cannot help. */
    public static final int ARGUMENT_INVALID = 47003;

    /** True when WeChat accepted the message. */
    public boolean sent() {
        return errcode == 0;
    }

    /** True when the same message may succeed later (busy, rate limited, token trouble). */
    public boolean retryable() {
        return errcode == -1 || errcode == 45009 || errcode == 45011 || errcode == 40001 || errcode == 42001;
    }
}
