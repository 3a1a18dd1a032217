package looklook.pkg.wechat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WeChat Pay's trade bill (bill_type ALL), read by column name from its header line, so a column
 * WeChat adds or moves changes nothing here: every detail line until the summary header, each
 * field behind a backquote, amounts in yuan. A line that does not fit the header is refused with its
 * number, never read shifted. A payment line says 交易状态 SUCCESS; a refund line
 * REFUND, with the refund's numbers.
 */
public final class TradeBill {
    /**
     * One detail line: a payment ({@code refund} false, {@code tradeState} SUCCESS for money taken) or
     * a refund of {@code outTradeNo}; money in fen, {@code refundFen} as the merchant asked for it.
     */
    public record Line(boolean refund, String tradeState, String appid, String mchid, String transactionId, String outTradeNo,
                       long totalFen, String refundId, String outRefundNo, long refundFen, String refundStatus) {
    }

    private static final String SUMMARY_FIRST_COLUMN = "总交易单数";

    private TradeBill() {
    }

    /** The detail lines of a bill file (UTF-8, with or without a byte order mark). */
    public static List<Line> parse(InputStream file) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file, StandardCharsets.UTF_8))) {
            String header = in.readLine();
            if (header == null) {
                return List.of();
            }
            Map<String, Integer> col = new HashMap<>();
            String[] names = header.replace("\uFEFF", "").split(",", -1);
            for (int i = 0; i < names.length; i++) {
                col.put(names[i].trim(), i);
            }
            List<Line> lines = new ArrayList<>();
            int n = 1;
            for (String l = in.readLine(); l != null && !l.startsWith(SUMMARY_FIRST_COLUMN); l = in.readLine()) {
                n++;
                if (!l.isBlank()) {
                    lines.add(line(fields(l, names.length, n), col));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("trade bill unreadable", e);
        }
    }

    /**
     * A detail line's fields: each one starts with a backquote, so the line splits on {@code ,`} and a
     * comma inside a field (a product name) cannot shift the columns after it.
     */
    private static String[] fields(String line, int columns, int number) {
        if (!line.startsWith("`")) {
            throw new IllegalArgumentException("trade bill line " + number + ": does not start with a backquote");
        }
        String[] f = line.substring(1).split(",`", -1);
        if (f.length != columns) {
            throw new IllegalArgumentException("trade bill line " + number + ": " + f.length + " fields (expected " + columns + ")");
        }
        return f;
    }

    private static Line line(String[] f, Map<String, Integer> col) {
        String tradeState = get(f, col, "交易状态");
        return new Line("REFUND".equals(tradeState), tradeState, get(f, col, "公众账号ID"), get(f, col, "商户号"),
                get(f, col, "微信订单号"), get(f, col, "商户订单号"), fen(get(f, col, "订单金额")), get(f, col, "微信退款单号"),
                get(f, col, "商户退款单号"), fen(get(f, col, "申请退款金额")), get(f, col, "退款状态"));
    }

    private static String get(String[] f, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        if (i == null || i >= f.length) {
            throw new IllegalArgumentException("trade bill: no column " + name);
        }
        return f[i].trim();
    }

    /** {@code "12.34"} yuan as 1234 fen; empty is 0. */
    static long fen(String yuan) {
        return yuan.isEmpty() ? 0 : new BigDecimal(yuan).movePointRight(2).longValueExact();
    }
}
