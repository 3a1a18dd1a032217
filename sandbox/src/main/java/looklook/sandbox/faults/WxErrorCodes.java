package looklook.sandbox.faults;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * WeChat Pay v3 error codes a {@code fail} fault may answer, each with the HTTP status WeChat
 * answers it with and a message in WeChat's manner. From the error code tables at the foot of
 * WeChat's Pay API pages (JSAPI prepay pay.weixin.qq.com/doc/v3/merchant/4012525167, and the query,
 * close, refund and trade bill pages beside it); where two pages give one code different statuses
 * (ORDERPAID: 403 at prepay, 400 at close) the prepay's is kept.
 */
public final class WxErrorCodes {
    /** A code's status and message. */
    public record Answer(int status, String message) {
    }

    private static final Map<String, Answer> CODES = Map.ofEntries(
            Map.entry("PARAM_ERROR", new Answer(400, "parameter error (fault)")),
            Map.entry("INVALID_REQUEST", new Answer(400, "the request does not meet the rules (fault)")),
            Map.entry("APPID_MCHID_NOT_MATCH", new Answer(400, "appid and mchid do not match (fault)")),
            Map.entry("MCH_NOT_EXISTS", new Answer(400, "merchant does not exist (fault)")),
            Map.entry("ORDER_CLOSED", new Answer(400, "order closed (fault)")),
            Map.entry("NO_STATEMENT_EXIST", new Answer(400, "no bill for that day (fault)")),
            Map.entry("STATEMENT_CREATING", new Answer(400, "the bill is being generated (fault)")),
            Map.entry("SIGN_ERROR", new Answer(401, "signature error (fault)")),
            Map.entry("NO_AUTH", new Answer(403, "no permission for this API (fault)")),
            Map.entry("OUT_TRADE_NO_USED", new Answer(403, "out_trade_no already used (fault)")),
            Map.entry("ORDERPAID", new Answer(403, "order already paid (fault)")),
            Map.entry("RULE_LIMIT", new Answer(403, "business rule limit (fault)")),
            Map.entry("TRADE_ERROR", new Answer(403, "trade error (fault)")),
            Map.entry("NOT_ENOUGH", new Answer(403, "merchant balance not enough (fault)")),
            Map.entry("USER_ACCOUNT_ABNORMAL", new Answer(403, "the payer's account is abnormal (fault)")),
            Map.entry("REQUEST_BLOCKED", new Answer(403, "request blocked (fault)")),
            Map.entry("ORDER_NOT_EXIST", new Answer(404, "order does not exist (fault)")),
            Map.entry("RESOURCE_NOT_EXISTS", new Answer(404, "resource does not exist (fault)")),
            Map.entry("FREQUENCY_LIMITED", new Answer(429, "frequency limited (fault)")),
            Map.entry("RATELIMIT_EXCEEDED", new Answer(429, "too many requests (fault)")),
            Map.entry("SYSTEM_ERROR", new Answer(500, "system busy, try again later (fault)")),
            Map.entry("BANKERROR", new Answer(500, "bank system error (fault)")),
            Map.entry("SERVICE_UNAVAILABLE", new Answer(503, "service unavailable (fault)")));

    private WxErrorCodes() {
    }

    /** How WeChat answers {@code code}, if it is one of the codes above. */
    public static Optional<Answer> of(String code) {
        return Optional.ofNullable(code == null ? null : CODES.get(code));
    }

    /** Every known code, sorted, for error messages. */
    public static Set<String> known() {
        return new TreeSet<>(CODES.keySet());
    }

    /** The code a bare {@code status} stands for, as before codes could be named. */
    static String forStatus(int status) {
        return switch (status) {
            case 429 -> "RATELIMIT_EXCEEDED";
            case 502, 503 -> "SERVICE_UNAVAILABLE";
            default -> status >= 500 ? "SYSTEM_ERROR" : "INVALID_REQUEST";
        };
    }
}
