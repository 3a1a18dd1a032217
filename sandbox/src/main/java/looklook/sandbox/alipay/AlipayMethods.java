package looklook.sandbox.alipay;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import looklook.sandbox.notify.Notifier;
import looklook.sandbox.wire.Json;

/**
 * The trade methods of the gateway, one biz_content in, one response node's fields out: the
 * face-to-face precreate, query, close, refund and refund query (the bill is {@link AlipayBills}).
 */
public final class AlipayMethods {
    private static final Map<String, String> ENDPOINTS = Map.of(
            "alipay.trade.precreate", "alipay_precreate",
            "alipay.trade.query", "alipay_query",
            "alipay.trade.close", "alipay_close",
            "alipay.trade.refund", "alipay_refund",
            "alipay.trade.fastpay.refund.query", "alipay_refund_query",
            "alipay.data.dataservice.bill.downloadurl.query", "alipay_bill");
    private static final Pattern TIMEOUT = Pattern.compile("([1-9]\\d*)([mhdc])");
    private static final Duration MAX_TIMEOUT = Duration.ofDays(15);
    /** Alipay's precreate doc: the qr_code is valid 2 hours (scaled by TimeFactor, as WeChat's code_url). */
    private static final Duration QR_LIFE = Duration.ofHours(2);

    private final AlipayBook book;
    private final AlipayNotifies notifies;
    private final Notifier notifier;
    private final AlipayBills bills;
    private final double timeFactor;

    public AlipayMethods(AlipayBook book, AlipayNotifies notifies, Notifier notifier, AlipayBills bills, double timeFactor) {
        this.book = book;
        this.notifies = notifies;
        this.notifier = notifier;
        this.bills = bills;
        this.timeFactor = timeFactor;
    }

    /** The fault endpoint name of an Alipay method, null for a method the sandbox does not serve. */
    public static String endpoint(String method) {
        return method == null ? null : ENDPOINTS.get(method);
    }

    /** Runs {@code method} on the (verified) request parameters. */
    Map<String, Object> call(String method, Map<String, String> params) {
        Map<String, Object> biz = biz(params.get("biz_content"));
        Instant now = Instant.now();
        return switch (method) {
            case "alipay.trade.precreate" -> precreate(biz, params.get("notify_url"), now);
            case "alipay.trade.query" -> AlipayFields.query(book.query(text(biz, "out_trade_no", 64), text(biz, "trade_no", 64), now));
            case "alipay.trade.close" -> close(biz, now);
            case "alipay.trade.refund" -> refund(biz, now);
            case "alipay.trade.fastpay.refund.query" -> refundQuery(biz, now);
            case "alipay.data.dataservice.bill.downloadurl.query" -> bills.downloadUrl(text(biz, "bill_type", 20),
                    text(biz, "bill_date", 15), now);
            default -> throw AlipayError.gateway("isv.invalid-method", "不存在的方法名: " + method);
        };
    }

    private Map<String, Object> precreate(Map<String, Object> biz, String notifyUrl, Instant now) {
        String outTradeNo = required(biz, "out_trade_no", 64);
        long total = Yuan.parse(biz.get("total_amount"), "total_amount");
        String subject = required(biz, "subject", 256);
        String timeout = text(biz, "timeout_express", 6);
        String timeExpire = text(biz, "time_expire", 32);
        Instant until = payableUntil(timeout, timeExpire, now);
        String content = String.join("\u0001", Yuan.of(total), subject, String.valueOf(text(biz, "body", 128)),
                String.valueOf(timeout), String.valueOf(timeExpire));
        AlipayTradeView t = book.precreate(new AlipayBook.Precreate(outTradeNo, total, subject, notifyUrl, content, until,
                now.plusMillis(Math.max(1, Math.round(QR_LIFE.toMillis() * timeFactor)))), now);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("out_trade_no", t.outTradeNo());
        out.put("qr_code", t.qrCode());
        return out;
    }

    private Map<String, Object> close(Map<String, Object> biz, Instant now) {
        AlipayTradeView t = book.close(text(biz, "out_trade_no", 64), text(biz, "trade_no", 64), now);
        notifier.send(notifies.tradeStatus(t, null));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trade_no", t.tradeNo());
        out.put("out_trade_no", t.outTradeNo());
        return out;
    }

    private Map<String, Object> refund(Map<String, Object> biz, Instant now) {
        long amount = Yuan.parse(biz.get("refund_amount"), "refund_amount");
        AlipayBook.RefundResult r = book.refund(text(biz, "out_trade_no", 64), text(biz, "trade_no", 64), amount,
                text(biz, "out_request_no", 64), text(biz, "refund_reason", 256), now);
        if (r.fundChange()) {
            notifier.send(notifies.tradeStatus(r.trade(), r.refund()));
        }
        return AlipayFields.refund(r);
    }

    private Map<String, Object> refundQuery(Map<String, Object> biz, Instant now) {
        String outTradeNo = text(biz, "out_trade_no", 64);
        String tradeNo = text(biz, "trade_no", 64);
        String requestNo = required(biz, "out_request_no", 64);
        Optional<AlipayRefund> r = book.refundQuery(outTradeNo, tradeNo, requestNo, now);
        AlipayTradeView t = book.query(outTradeNo, tradeNo, now);
        return AlipayFields.refundQuery(t, requestNo, r);
    }

    /** When an unpaid trade closes: time_expire, else timeout_express (1m..15d; 1c = the end of today), else 15 days. */
    private static Instant payableUntil(String timeout, String timeExpire, Instant now) {
        if (timeExpire != null) {
            try {
                return LocalDateTime.parse(timeExpire, AlipayGateway.TIMESTAMP).atZone(AlipayBook.CHINA).toInstant();
            } catch (DateTimeParseException e) {
                throw AlipayError.business("ACQ.INVALID_PARAMETER", "time_expire: " + timeExpire + " (expected yyyy-MM-dd HH:mm:ss)");
            }
        }
        if (timeout == null) {
            return now.plus(MAX_TIMEOUT);
        }
        Matcher m = TIMEOUT.matcher(timeout);
        if (!m.matches()) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", "timeout_express: " + timeout + " (expected 1m..15d or 1c)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> n == 1 ? Duration.between(now, now.atZone(AlipayBook.CHINA).toLocalDate().plusDays(1)
                    .atStartOfDay(AlipayBook.CHINA).toInstant()) : Duration.ZERO;
        };
        if (d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", "timeout_express: " + timeout + " (expected 1m..15d or 1c)");
        }
        return now.plus(d);
    }

    private static Map<String, Object> biz(String bizContent) {
        if (bizContent == null || bizContent.isBlank()) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", "biz_content is required");
        }
        try {
            Map<String, Object> m = Json.MAPPER.readValue(bizContent, new TypeReference<Map<String, Object>>() { });
            if (m == null) {
                throw AlipayError.business("ACQ.INVALID_PARAMETER", "biz_content is null");
            }
            return m;
        } catch (IOException e) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", "biz_content is not a JSON object");
        }
    }

    private static String required(Map<String, Object> biz, String field, int max) {
        String v = text(biz, field, max);
        if (v == null) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", field + " is required");
        }
        return v;
    }

    /** A text field (empty counts as absent, as Alipay reads it); longer than {@code max} characters is refused. */
    private static String text(Map<String, Object> biz, String field, int max) {
        Object v = biz.get(field);
        if (v == null || v.toString().isEmpty()) {
            return null;
        }
        String s = v.toString();
        if (s.length() > max) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", field + " is longer than " + max + " characters");
        }
        return s;
    }
}
