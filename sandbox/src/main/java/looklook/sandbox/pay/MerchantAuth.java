package looklook.sandbox.pay;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import looklook.sandbox.WxError;
import looklook.sandbox.crypto.Rsa;

/**
 * Checks a merchant request's {@code Authorization: WECHATPAY2-SHA256-RSA2048 ...} against the raw
 * request line and body bytes, as WeChat Pay does: known mchid and certificate serial, a
 * timestamp within 5 minutes, and a signature the merchant's public key verifies.
 */
public final class MerchantAuth {
    private static final String SCHEMA = "WECHATPAY2-SHA256-RSA2048";
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final String mchId;
    private final String serialNo;
    private final PublicKey merchantKey;

    public MerchantAuth(String mchId, String serialNo, PublicKey merchantKey) {
        this.mchId = mchId;
        this.serialNo = serialNo;
        this.merchantKey = merchantKey;
    }

    /**
     * Returns the caller's mchid, or throws 401 SIGN_ERROR. {@code target} is the request-target
     * as received ({@code /v3/...?query}), {@code body} the raw body ("" for GET).
     */
    public String verify(String authorization, String method, String target, String body, Instant now) {
        if (authorization == null || !authorization.startsWith(SCHEMA + " ")) {
            throw WxError.sign("Authorization header missing or not " + SCHEMA);
        }
        Map<String, String> f = fields(authorization.substring(SCHEMA.length() + 1));
        for (String key : new String[] {"mchid", "nonce_str", "timestamp", "serial_no", "signature"}) {
            if (f.get(key) == null || f.get(key).isEmpty()) {
                throw WxError.sign("Authorization: " + key + " is missing");
            }
        }
        if (!f.get("mchid").equals(mchId)) {
            throw WxError.sign("Authorization: mchid " + f.get("mchid") + " is not a merchant here");
        }
        if (!f.get("serial_no").equalsIgnoreCase(serialNo)) {
            throw WxError.sign("Authorization: serial_no " + f.get("serial_no") + " is not the merchant's certificate");
        }
        long ts;
        try {
            ts = Long.parseLong(f.get("timestamp"));
        } catch (NumberFormatException e) {
            throw WxError.sign("Authorization: timestamp " + f.get("timestamp") + " is not unix seconds");
        }
        if (Duration.between(Instant.ofEpochSecond(ts), now).abs().compareTo(MAX_SKEW) >= 0) {
            throw WxError.sign("Authorization: timestamp " + ts + " is 5 minutes or more away from now");
        }
        String message = method + "\n" + target + "\n" + ts + "\n" + f.get("nonce_str") + "\n" + body + "\n";
        if (!Rsa.verify(merchantKey, message, f.get("signature"))) {
            throw WxError.sign("signature does not match the request (method, path, query, timestamp, nonce, body)");
        }
        return mchId;
    }

    /** {@code key="value"} pairs separated by commas, in any order. */
    private static Map<String, String> fields(String token) {
        Map<String, String> out = new HashMap<>();
        for (String part : token.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = part.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(part.substring(0, eq).trim(), value);
        }
        return out;
    }
}
