package looklook.payment.api.logic;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.alipay.AlipayClients;
import looklook.pkg.alipay.AlipayConf;
import looklook.pkg.alipay.Yuan;
import looklook.proto.payment.PaymentDetail;

/**
 * Reading and judging an Alipay async notify: the form body as parameters, the signature checked with
 * the SDK against Alipay's public key ({@code rsaCheckV1}: every field but sign and sign_type), then
 * whether it is about one of our payments as we asked for it (our app and merchant, an ALIPAY payment,
 * its amount to the fen).
 */
final class AlipayNotifies {
    private AlipayNotifies() {
    }

    /** The form's fields; empty when the body is not a form with each field once. */
    static Optional<Map<String, String>> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            for (String pair : body.trim().split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (params.put(k, v) != null) {
                    return Optional.empty();
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(params);
    }

    /** True when Alipay's signature over {@code params} verifies. */
    static boolean verified(ServiceContext svc, Map<String, String> params) {
        if (!"RSA2".equals(params.get("sign_type")) || params.getOrDefault("sign", "").isEmpty()) {
            return false;
        }
        try {
            // the SDK removes sign and sign_type from the map it is given: hand it a copy
            return AlipaySignature.rsaCheckV1(new LinkedHashMap<>(params), svc.alipayPublicKey(), AlipayClients.CHARSET,
                    AlipayClients.SIGN_TYPE);
        } catch (AlipayApiException | RuntimeException e) {
            return false;
        }
    }

    /** Why a verified notify is not about our {@code payment} as we asked for it; empty when it is. */
    static Optional<String> mismatch(AlipayConf conf, Map<String, String> n, PaymentDetail payment) {
        if (!conf.appId().equals(n.get("app_id"))) {
            return Optional.of("app_id " + n.get("app_id") + " (expected " + conf.appId() + ")");
        }
        if (!conf.sellerId().equals(n.get("seller_id"))) {
            return Optional.of("seller_id " + n.get("seller_id") + " (expected " + conf.sellerId() + ")");
        }
        if (!"ALIPAY".equals(payment.getPayMode())) {
            return Optional.of("payment " + payment.getSn() + " is a " + payment.getPayMode() + " payment");
        }
        String total = n.get("total_amount");
        long fen;
        try {
            fen = Yuan.fen(total);
        } catch (IllegalArgumentException e) {
            return Optional.of("total_amount " + total + " is not an amount");
        }
        return fen == payment.getPayTotal() ? Optional.empty()
                : Optional.of("total_amount " + total + " (expected " + Yuan.of(payment.getPayTotal()) + ")");
    }
}
