package looklook.sandbox.alipay;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import looklook.sandbox.crypto.Nonces;
import looklook.sandbox.crypto.Rsa;
import looklook.sandbox.notify.NotifyMessage;
import looklook.sandbox.notify.NotifyWire;

/**
 * Alipay's asynchronous notify ({@code notify_type=trade_status_sync}): a form POSTed to the
 * trade's notify_url, signed RSA2 with Alipay's key over every field but {@code sign} and
 * {@code sign_type} (what the SDK's {@code rsaCheckV1} checks). Only the body {@code success}
 * stops the retries, which follow Alipay's schedule 4m, 10m, 10m, 1h, 2h, 6h, 15h (x TimeFactor).
 */
public final class AlipayNotifies implements NotifyWire {
    /** The waits before retry 1..7. */
    public static final List<Duration> WAITS = List.of(Duration.ofMinutes(4), Duration.ofMinutes(10), Duration.ofMinutes(10),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(15));

    private final String appId;
    private final String sellerId;
    private final PrivateKey alipayKey;

    public AlipayNotifies(String appId, String sellerId, PrivateKey alipayKey) {
        this.appId = appId;
        this.sellerId = sellerId;
        this.alipayKey = alipayKey;
    }

    /**
     * The notify of the trade's current status: TRADE_SUCCESS once paid (and after a partial
     * refund, with {@code refund}'s out_biz_no, refund_fee and gmt_refund), TRADE_CLOSED after a
     * close or a full refund.
     */
    public NotifyMessage tradeStatus(AlipayTradeView t, AlipayRefund refund) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("notify_time", AlipayFields.time(Instant.now()));
        f.put("notify_type", "trade_status_sync");
        String notifyId = "2024" + Nonces.alnum(30).toLowerCase(java.util.Locale.ROOT);
        f.put("notify_id", notifyId);
        f.put("app_id", appId);
        f.put("auth_app_id", appId);
        f.put("charset", "utf-8");
        f.put("version", "1.0");
        f.put("sign_type", "RSA2");
        f.put("trade_no", t.tradeNo());
        f.put("out_trade_no", t.outTradeNo());
        f.put("buyer_id", t.buyerId());
        f.put("buyer_logon_id", t.buyerLogonId());
        f.put("seller_id", sellerId);
        f.put("trade_status", t.tradeStatus());
        f.put("total_amount", Yuan.of(t.total()));
        if (t.paidAt() != null) {
            f.put("receipt_amount", Yuan.of(t.total()));
            f.put("invoice_amount", Yuan.of(t.total()));
            f.put("buyer_pay_amount", Yuan.of(t.total()));
            f.put("point_amount", "0.00");
            f.put("gmt_payment", AlipayFields.time(t.paidAt()));
            f.put("fund_bill_list", "[{\"amount\":\"" + Yuan.of(t.total()) + "\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
        }
        if (refund != null) {
            f.put("out_biz_no", refund.outRequestNo());
            f.put("refund_fee", Yuan.of(t.refunded()));
            f.put("gmt_refund", AlipayFields.time(refund.time()));
        }
        f.put("gmt_create", AlipayFields.time(t.scanTime()));
        if (t.closedAt() != null) {
            f.put("gmt_close", AlipayFields.time(t.closedAt()));
        }
        f.put("subject", t.subject());
        f.values().removeIf(v -> v == null || v.isEmpty());
        f.put("sign", Rsa.sign(alipayKey, AlipaySign.notifyContent(f)));
        String body = f.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new NotifyMessage(notifyId, "trade_status_sync." + t.tradeStatus(), t.notifyUrl(), body, t.outTradeNo(),
                refund == null ? null : refund.outRequestNo(), this);
    }

    @Override
    public Map<String, String> headers(String body, boolean probe) {
        return Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    }

    /** Alipay takes the notify as handled only when the body is exactly {@code success}. */
    @Override
    public boolean accepted(int status, String body) {
        return status == 200 && "success".equals(body);
    }

    @Override
    public OptionalLong retryWaitMs(int retry, double timeFactor) {
        if (retry < 1 || retry > WAITS.size()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, Math.round(WAITS.get(retry - 1).toMillis() * timeFactor)));
    }
}
