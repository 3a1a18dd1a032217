package looklook.pkg.alipay;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Alipay's money is yuan as text with two decimals ("12.34"); the project's is {@code long} fen.
 * The two meet only here, exactly: no double on the way, and a text with more than two decimals,
 * a sign or anything else is refused rather than rounded.
 */
public final class Yuan {
    private Yuan() {
    }

    /** {@code 1234} fen as {@code "12.34"}. */
    public static String of(long fen) {
        if (fen < 0) {
            throw new IllegalArgumentException("fen: " + fen + " (expected >= 0)");
        }
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    /** {@code "12.34"} (or "12.3", "12") as {@code 1234} fen; anything else throws. */
    public static long fen(String yuan) {
        if (yuan == null || !yuan.matches("[0-9]{1,12}(\\.[0-9]{1,2})?")) {
            throw new IllegalArgumentException("yuan: " + yuan + " (expected digits with at most two decimals)");
        }
        return new BigDecimal(yuan).movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }
}
