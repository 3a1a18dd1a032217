package looklook.sandbox.alipay;

import java.math.BigDecimal;

/** Alipay's Price: yuan with at most two decimals, 0.01 to 100000000.00; the sandbox keeps fen. */
public final class Yuan {
    private static final BigDecimal MAX = new BigDecimal("100000000.00");

    private Yuan() {
    }

    /** Fen from a biz_content amount (a JSON string or number); refuses what Alipay refuses. */
    public static long parse(Object value, String field) {
        if (value == null || value.toString().isBlank()) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", field + " is required");
        }
        BigDecimal d;
        try {
            d = new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", field + ": " + value + " (expected yuan, e.g. 88.88)");
        }
        if (d.scale() > 2 || d.compareTo(new BigDecimal("0.01")) < 0 || d.compareTo(MAX) > 0) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", field + ": " + value
                    + " (expected 0.01..100000000.00 with at most two decimals)");
        }
        return d.movePointRight(2).longValueExact();
    }

    /** Yuan text with two decimals, as Alipay writes amounts. */
    public static String of(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
