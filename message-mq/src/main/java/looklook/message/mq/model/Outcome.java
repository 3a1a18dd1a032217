package looklook.message.mq.model;

/** What became of one subscribe message; {@link #code()} is the dedupe mark, the log word and the metric tag. */
public enum Outcome {
    /** WeChat accepted it. */
    SENT("sent"),
    /** Handled before (a redelivery, a duplicate record, another replica): not sent again. */
    DUPLICATE("duplicate"),
    /** The user refused the template (43101): final, never retried. */
    REFUSED("refused"),
    /** WeChat rejected the message itself (47003 bad field, bad openid or template): final, retrying cannot help. */
    REJECTED("rejected"),
    /** A transient failure (busy, rate limit, token trouble, transport): the queue tries again. */
    RETRY("retry"),
    /** The record cannot be parsed: dead-lettered at once. */
    POISON("poison");

    private final String code;

    Outcome(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
