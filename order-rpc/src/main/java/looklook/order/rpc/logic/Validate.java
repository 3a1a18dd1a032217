package looklook.order.rpc.logic;

import looklook.pkg.ids.SnPrefix;
import looklook.pkg.errors.BizException;
import looklook.pkg.events.OrderTradeState;

/** Input rules shared by the order RPCs; each failure names the field, its value and what was expected. */
final class Validate {
    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_REMARK_CHARS = 200;

    private Validate() {
    }

    static long id(String field, long id) {
        if (id <= 0) {
            throw BizException.badParam(field + ": " + id + " (expected > 0)");
        }
        return id;
    }

    static String sn(String sn) {
        if (!SnPrefix.HOMESTAY_ORDER.matches(sn)) {
            String shown = sn.length() <= 30 ? sn : sn.substring(0, 30) + "...";
            throw BizException.badParam("sn: \"" + shown + "\" (expected HSO followed by 22 digits)");
        }
        return sn;
    }

    static int pageSize(long pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw BizException.badParam("pageSize: " + pageSize + " (expected 1.." + MAX_PAGE_SIZE + ")");
        }
        return (int) pageSize;
    }

    /** lastId paging: 0 asks for the first page, so it becomes "below every id". */
    static long beforeId(long lastId) {
        if (lastId < 0) {
            throw BizException.badParam("lastId: " + lastId + " (expected 0 for the first page, else the last id seen)");
        }
        return lastId == 0 ? Long.MAX_VALUE : lastId;
    }

    static OrderTradeState tradeState(String field, long code) {
        return OrderTradeState.of(code).orElseThrow(() ->
                BizException.badParam(field + ": " + code + " (expected one of -1, 0, 1, 2, 3, 4)"));
    }

    static String remark(String remark) {
        int chars = remark.codePointCount(0, remark.length());
        if (chars > MAX_REMARK_CHARS) {
            throw BizException.badParam("remark: " + chars + " characters (expected at most " + MAX_REMARK_CHARS + ")");
        }
        return remark.strip();
    }
}
