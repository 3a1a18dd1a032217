package looklook.payment.rpc.logic;

import java.util.regex.Pattern;
import looklook.payment.rpc.model.PayMode;
import looklook.payment.rpc.model.ServiceType;
import looklook.pkg.errors.BizException;
import looklook.pkg.events.PayStatus;

/** Input rules shared by the payment RPCs; each failure names the field, its value and what was expected. */
final class Validate {
    /** WeChat Pay takes at most 100,000,000 fen per JSAPI order. */
    static final long MAX_PAY_TOTAL = 100_000_000L;
    private static final Pattern PAYMENT_SN = Pattern.compile("PMT\\d{22}");
    private static final Pattern ORDER_SN = Pattern.compile("HSO\\d{22}");

    private Validate() {
    }

    static long id(String field, long id) {
        if (id <= 0) {
            throw BizException.badParam(field + ": " + id + " (expected > 0)");
        }
        return id;
    }

    static String paymentSn(String field, String sn) {
        if (!PAYMENT_SN.matcher(sn).matches()) {
            throw BizException.badParam(field + ": " + quote(sn) + " (expected PMT followed by 22 digits)");
        }
        return sn;
    }

    static String orderSn(String sn) {
        if (!ORDER_SN.matcher(sn).matches()) {
            throw BizException.badParam("orderSn: " + quote(sn) + " (expected HSO followed by 22 digits)");
        }
        return sn;
    }

    static long payTotal(long fen) {
        if (fen <= 0 || fen > MAX_PAY_TOTAL) {
            throw BizException.badParam("payTotal: " + fen + " (expected 1.." + MAX_PAY_TOTAL + " fen)");
        }
        return fen;
    }

    static PayMode payMode(String mode) {
        return PayMode.of(mode).orElseThrow(() -> BizException.badParam("payModel: " + quote(mode) + " (expected WECHAT_PAY)"));
    }

    static ServiceType serviceType(String type) {
        return ServiceType.of(type).orElseThrow(() ->
                BizException.badParam("serviceType: " + quote(type) + " (expected homestayOrder)"));
    }

    static PayStatus payStatus(long code) {
        return PayStatus.of(code).orElseThrow(() ->
                BizException.badParam("payStatus: " + code + " (expected one of -1, 0, 1, 2, 3)"));
    }

    static String quote(String s) {
        return "\"" + (s.length() <= 30 ? s : s.substring(0, 30) + "...") + "\"";
    }
}
