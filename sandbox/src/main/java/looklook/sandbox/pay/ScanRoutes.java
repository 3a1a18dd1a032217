package looklook.sandbox.pay;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import looklook.sandbox.WxError;
import looklook.sandbox.alipay.AlipayBook;
import looklook.sandbox.alipay.AlipayNotifies;
import looklook.sandbox.alipay.AlipayTradeView;
import looklook.sandbox.alipay.Yuan;
import looklook.sandbox.notify.Notifier;
import looklook.sandbox.wire.Json;

/**
 * The phone: {@code POST /sim/v1/scan {"codeUrl","buyer"[,"pay":false]}} pays a WeChat Native
 * {@code weixin://} code (buyer an openid; the payer's side of {@code /sim/v1/pay}) or an Alipay
 * {@code https://qr.alipay.com/} code (buyer a buyer id {@code 2088...} or a logon id). An Alipay
 * scan with {@code "pay": false} only opens the trade (WAIT_BUYER_PAY), as a buyer who scanned and
 * has not confirmed. Refusals are 4xx {@code {"code","message"}}.
 */
public final class ScanRoutes {
    private static final String JSON = "application/json; charset=utf-8";

    private final UserPayLogic wechat;
    private final AlipayBook alipay;
    private final AlipayNotifies alipayNotifies;
    private final Notifier notifier;

    /** The body of a scan. */
    public record Scan(@JsonProperty("codeUrl") String codeUrl, String buyer, Boolean pay) {
    }

    public ScanRoutes(UserPayLogic wechat, AlipayBook alipay, AlipayNotifies alipayNotifies, Notifier notifier) {
        this.wechat = wechat;
        this.alipay = alipay;
        this.alipayNotifies = alipayNotifies;
        this.notifier = notifier;
    }

    /** Registers the route on {@code app}. */
    public void register(Javalin app) {
        app.post("/sim/v1/scan", this::scan);
    }

    private void scan(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            Scan s = Json.read(ctx.bodyAsBytes(), Scan.class);
            PrepayLogic.require(s.codeUrl(), "codeUrl");
            PrepayLogic.require(s.buyer(), "buyer");
            if (s.codeUrl().startsWith("weixin://")) {
                out.put("channel", "wechat");
                out.put("transaction", wechat.pay(new PayBodies.UserPay(null, null, null, null, null, null, s.codeUrl(), s.buyer(),
                        null, null)));
            } else if (s.codeUrl().startsWith("https://qr.alipay.com/")) {
                out.put("channel", "alipay");
                out.put("trade", alipayScan(s));
            } else {
                throw new WxError(404, "CODE_NOT_FOUND", "codeUrl " + s.codeUrl() + " is neither a WeChat Native nor an Alipay code");
            }
        } catch (WxError e) {
            ctx.status(e.status()).contentType(JSON).result(Json.write(Map.of("code", e.code(), "message", e.getMessage())));
            return;
        } catch (AlipayBook.ScanRefusal e) {
            ctx.status(e.status()).contentType(JSON).result(Json.write(Map.of("code", e.code(), "message", e.getMessage())));
            return;
        }
        ctx.contentType(JSON).result(Json.write(out));
    }

    private Map<String, Object> alipayScan(Scan s) {
        String buyerId;
        String logonId;
        if (s.buyer().matches("2088\\d{12}")) {
            buyerId = s.buyer();
            logonId = "186****" + s.buyer().substring(12);
        } else if (s.buyer().matches("1\\d{10}") || s.buyer().matches("[^@\\s]+@[^@\\s]+")) {
            buyerId = "2088" + digits(s.buyer());
            logonId = mask(s.buyer());
        } else {
            throw WxError.param("buyer: " + s.buyer() + " (expected an Alipay buyer id 2088 + 12 digits, a mobile or an email)");
        }
        boolean pay = !Boolean.FALSE.equals(s.pay());
        AlipayTradeView t = alipay.scan(s.codeUrl(), buyerId, logonId, pay, Instant.now());
        if (pay) {
            notifier.send(alipayNotifies.tradeStatus(t, null));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("out_trade_no", t.outTradeNo());
        out.put("trade_no", t.tradeNo());
        out.put("trade_status", t.tradeStatus());
        out.put("total_amount", Yuan.of(t.total()));
        out.put("buyer_id", buyerId);
        out.put("buyer_logon_id", logonId);
        return out;
    }

    /** Alipay shows a logon id masked: 138****5678, abc***@example.com. */
    static String mask(String logon) {
        int at = logon.indexOf('@');
        if (at < 0) {
            return logon.substring(0, 3) + "****" + logon.substring(7);
        }
        return logon.substring(0, Math.min(3, at)) + "***" + logon.substring(at);
    }

    /** The same logon id always gets the same buyer id. */
    private static String digits(String logon) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(logon.getBytes(StandardCharsets.UTF_8));
            long n = 0;
            for (int i = 0; i < 8; i++) {
                n = (n << 8) | (h[i] & 0xff);
            }
            return String.format("%012d", Math.floorMod(n, 1_000_000_000_000L));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
