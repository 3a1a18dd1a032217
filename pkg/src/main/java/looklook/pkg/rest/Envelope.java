package looklook.pkg.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * looklook's response body: {@code {"code":200,"msg":"OK","data":{...}}} on success,
 * {@code {"code":N,"msg":"..."}} on error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(int code, String msg, Object data) {
    /** The success code. */
    public static final int OK = 200;

    static Envelope ok(Object data) {
        return new Envelope(OK, "OK", data == null ? java.util.Map.of() : data);
    }

    static Envelope error(int code, String msg) {
        return new Envelope(code, msg, null);
    }
}
