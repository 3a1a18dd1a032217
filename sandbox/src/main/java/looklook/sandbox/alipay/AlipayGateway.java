package looklook.sandbox.alipay;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import looklook.sandbox.crypto.Rsa;
import looklook.sandbox.faults.Faults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /gateway.do}, Alipay's open gateway as the official SDK meets it: the common
 * parameters in the query string, {@code biz_content} in the form body, RSA2 over all of them
 * sorted; checked in Alipay's order (missing, app, method, charset, sign type, version, timestamp,
 * signature), then faults, then the method; every answer signed ({@link AlipayResponder}).
 */
public final class AlipayGateway {
    private static final Logger log = LoggerFactory.getLogger(AlipayGateway.class);
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Alipay documents the timestamp's format but no window; the sandbox's own: 10 minutes either way. */
    static final Duration CLOCK_WINDOW = Duration.ofMinutes(10);

    private final String appId;
    private final AlipayKeys keys;
    private final AlipayMethods methods;
    private final AlipayResponder responder;
    private final Faults faults;

    public AlipayGateway(String appId, AlipayKeys keys, AlipayMethods methods, AlipayResponder responder, Faults faults) {
        this.appId = appId;
        this.keys = keys;
        this.methods = methods;
        this.responder = responder;
        this.faults = faults;
    }

    /** Registers the route on {@code app}. */
    public void register(Javalin app) {
        app.post("/gateway.do", this::handle);
        app.get("/gateway.do", this::handle);
    }

    private void handle(Context ctx) throws InterruptedException {
        Map<String, String> params = params(ctx);
        String method = params.get("method");
        String endpoint = AlipayMethods.endpoint(method);
        Faults.CallFault fault = endpoint == null ? null : faults.takeCall(endpoint).orElse(null);
        if (fault != null && !fault.after()) {
            fail(ctx, method, fault);
            return;
        }
        Map<String, Object> answer;
        try {
            check(params);
            if (endpoint != null) {
                faults.takeDelay(endpoint).ifPresent(d -> sleep(d.holdMs()));
            }
            answer = methods.call(method, params);
        } catch (AlipayError e) {
            log.info("alipay {} refused {} {}: {}", method, e.code(), e.subCode(), e.getMessage());
            responder.error(ctx, method, e);
            return;
        }
        if (fault != null) {
            fail(ctx, method, fault);
            return;
        }
        responder.ok(ctx, method, answer);
    }

    /** The common parameters, as Alipay's gateway checks them before it looks at biz_content. */
    private void check(Map<String, String> p) {
        for (String[] f : List.of(new String[] {"app_id", "isv.missing-app-id"}, new String[] {"method", "isv.missing-method"},
                new String[] {"sign", "isv.missing-signature"}, new String[] {"sign_type", "isv.missing-signature-type"},
                new String[] {"timestamp", "isv.missing-timestamp"}, new String[] {"version", "isv.missing-version"})) {
            if (p.get(f[0]) == null || p.get(f[0]).isBlank()) {
                throw AlipayError.missing(f[1], "缺少" + f[0] + "参数");
            }
        }
        if (!appId.equals(p.get("app_id"))) {
            throw AlipayError.gateway("isv.invalid-app-id", "无效的AppID参数: " + p.get("app_id"));
        }
        if (AlipayMethods.endpoint(p.get("method")) == null) {
            throw AlipayError.gateway("isv.invalid-method", "不存在的方法名: " + p.get("method"));
        }
        String format = p.get("format");
        if (format != null && !format.isEmpty() && !format.equalsIgnoreCase("json")) {
            throw AlipayError.invalid("isv.invalid-format", "无效的数据格式参数: " + format + " (json only)");
        }
        String charset = p.get("charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            // Alipay also takes gbk and gb2312; the sandbox reads UTF-8 only and refuses the rest as Alipay refuses an unknown one
            // ASCII only: the SDK checks this answer's sign over bytes in the charset it asked for
            throw AlipayError.invalid("isv.invalid-charset", "charset " + charset + " is not accepted (the sandbox takes utf-8)");
        }
        if (!"RSA2".equals(p.get("sign_type"))) {
            throw AlipayError.invalid("isv.invalid-signature-type", "无效的签名类型参数: " + p.get("sign_type")
                    + " (the app registered an RSA2 key)");
        }
        if (!"1.0".equals(p.get("version"))) {
            throw AlipayError.invalid("isv.invalid-parameter", "version: " + p.get("version") + " (expected 1.0)");
        }
        checkTimestamp(p.get("timestamp"));
        String content = AlipaySign.requestContent(p);
        if (!Rsa.verify(keys.appPublicKey(), content, p.get("sign"))) {
            throw AlipayError.invalid("isv.invalid-signature", "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为："
                    + content);
        }
    }

    private static void checkTimestamp(String ts) {
        Instant at;
        try {
            at = LocalDateTime.parse(ts, TIMESTAMP).atZone(AlipayBook.CHINA).toInstant();
        } catch (DateTimeParseException e) {
            throw AlipayError.invalid("isv.invalid-timestamp", "非法的时间戳参数: " + ts + " (expected yyyy-MM-dd HH:mm:ss, China time)");
        }
        if (Duration.between(at, Instant.now()).abs().compareTo(CLOCK_WINDOW) > 0) {
            throw AlipayError.invalid("isv.invalid-timestamp", "非法的时间戳参数: " + ts + " is more than "
                    + CLOCK_WINDOW.toMinutes() + " minutes off the gateway's clock");
        }
    }

    /** Query string and form body together; a name given twice keeps its first value. */
    private static Map<String, String> params(Context ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> out.putIfAbsent(k, v.isEmpty() ? "" : v.get(0)));
        if ("POST".equals(ctx.method().name())) {
            ctx.formParamMap().forEach((k, v) -> out.putIfAbsent(k, v.isEmpty() ? "" : v.get(0)));
        }
        return out;
    }

    private void fail(Context ctx, String method, Faults.CallFault f) throws InterruptedException {
        if (f.holdMs() > 0) {
            Thread.sleep(f.holdMs());
        }
        log.info("alipay {} failed by fault with {} {}", method, f.status(), f.code());
        if (f.code() == null) {
            ctx.status(f.status()).contentType("text/html; charset=utf-8").result("<html><body>" + f.status() + "</body></html>");
            return;
        }
        responder.error(ctx, method, f.code().startsWith("isp.") ? AlipayError.unavailable(f.code(), f.message())
                : AlipayError.business(f.code(), f.message()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
