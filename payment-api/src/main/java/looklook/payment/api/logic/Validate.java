package looklook.payment.api.logic;

import looklook.pkg.ids.SnPrefix;
import looklook.pkg.errors.BizException;

/** Input rules of the payment API; each failure names the field, its value and what was expected. */
final class Validate {
    static final String HOMESTAY_ORDER = "homestayOrder";

    private Validate() {
    }

    static String orderSn(String sn) {
        if (!SnPrefix.HOMESTAY_ORDER.matches(sn)) {
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
