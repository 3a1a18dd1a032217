package looklook.payment.api;

import com.alipay.api.internal.util.AlipaySignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Alipay async notifies as Alipay sends them (trade_status_sync, a form signed RSA2 over every field
 * but sign and sign_type), signed with the simulator's Alipay key or with another one, for tests that
 * forge them.
 */
final class AlipayNotifyForms {
    private final String alipayKey;
    private final String otherKey;

    AlipayNotifyForms(Path keyDir, Path otherPrivatePem) {
        this.alipayKey = body(keyDir.resolve("alipay_private_key.pem"));
        this.otherKey = body(otherPrivatePem);
    }

    /** The fields of a TRADE_SUCCESS notify for {@code outTradeNo} of {@code totalAmount} yuan. */
    static Map<String, String> tradeSuccess(String appId, String sellerId, String outTradeNo, String totalAmount) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("notify_time", "2026-12-01 12:00:05");
        f.put("notify_type", "trade_status_sync");
        f.put("notify_id", "nid" + System.nanoTime());
        f.put("app_id", appId);
        f.put("charset", "utf-8");
        f.put("version", "1.0");
        f.put("trade_no", "2026120122001400000" + (System.nanoTime() % 100_000));
        f.put("out_trade_no", outTradeNo);
        f.put("buyer_id", "2088102177846880");
        f.put("seller_id", sellerId);
        f.put("trade_status", "TRADE_SUCCESS");
        f.put("total_amount", totalAmount);
        f.put("receipt_amount", totalAmount);
        f.put("gmt_create", "2026-12-01 12:00:00");
        f.put("gmt_payment", "2026-12-01 12:00:04");
        f.put("subject", "Homestay");
        return f;
    }

    /** The form body signed by Alipay's key. */
    String signed(Map<String, String> fields) {
        return form(fields, alipayKey);
    }

    /** The form body signed by a key that is not Alipay's. */
    String signedByAnother(Map<String, String> fields) {
        return form(fields, otherKey);
    }

    private static String form(Map<String, String> fields, String key) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.remove("sign");
        f.remove("sign_type");
        try {
            f.put("sign", AlipaySignature.rsa256Sign(AlipaySignature.getSignCheckContentV1(f), key, "UTF-8"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        f.put("sign_type", "RSA2");
        return f.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String body(Path pem) {
        try {
            return Files.readAllLines(pem).stream().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
