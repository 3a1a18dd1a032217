package looklook.payment.api.logic;

import java.util.regex.Pattern;
import looklook.pkg.errors.BizException;

/** Input rules of the payment API; each failure names the field, its value and what was expected. */
final class Validate {
    static final String HOMESTAY_ORDER = "homestayOrder";
    private static final Pattern ORDER_SN = Pattern.compile("HSO\\d{22}");

    private Validate() {
    }

    static String orderSn(String sn) {
        if (!ORDER_SN.matcher(sn).matches()) {
            throw BizException.badParam("orderSn: " + quote(sn) + " (expected HSO followed by 22 digits)");
        }
        return sn;
    }

    static String serviceType(String type) {
        if (!HOMESTAY_ORDER.equals(type)) {
            throw BizException.badParam("serviceType: " + quote(type) + " (expected " + HOMESTAY_ORDER + ")");
        }
        return type;
    }

    private static String quote(String s) {
        return "\"" + (s.length() <= 30 ? s : s.substring(0, 30) + "...") + "\"";
    }
}
