package looklook.pkg.alipay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Alipay's trade bill (bill_type trade) as downloaded: a zip whose {@code ..._业务明细.csv} holds the
 * day's detail lines. The zip is untrusted: its detail entry is read up to a bound and a bomb is
 * refused, never inflated. The CSV is GBK (Alipay's encoding) or UTF-8 (tried first: GBK text is
 * almost never valid UTF-8); {@code #} lines frame it, the column header names the fields, read by
 * name; a line that does not fit the header is refused with its number. A payment line is 业务类型
 * 交易, a refund 退款 (商家实收 negative); amounts are yuan through {@link Yuan}.
 */
public final class AlipayTradeBill {
    /** A detail line: a payment or a refund of {@code outTradeNo}, money in fen (a refund's as a positive amount). */
    public record Line(boolean refund, String tradeNo, String outTradeNo, long totalFen, long refundFen, String outRequestNo) {
    }

    /** The bill: the merchant PID of its {@code #账号} line (empty if absent) and its detail lines. */
    public record Bill(String account, List<Line> lines) {
    }

    private static final Charset GBK = Charset.forName("GBK");
    private static final String DETAIL_SUFFIX = "业务明细.csv";
    private static final String ACCOUNT = "#账号：[";

    private AlipayTradeBill() {
    }

    /** The bill in {@code zip}, whose detail entry may inflate to at most {@code maxEntryBytes}. */
    public static Bill fromZip(byte[] zip, int maxEntryBytes) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), GBK)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith(DETAIL_SUFFIX)) {
                    return parse(bounded(in, maxEntryBytes));
                }
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("Alipay bill: not a readable zip: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Alipay bill: zip unreadable: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("Alipay bill: no *" + DETAIL_SUFFIX + " entry in the zip");
    }

    private static byte[] bounded(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            if (out.size() + n > max) {
                throw new IllegalArgumentException("Alipay bill: the detail file inflates beyond " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The detail CSV's lines (GBK or UTF-8). */
    public static Bill parse(byte[] csv) {
        String text = decode(csv);
        String account = "";
        String[] names = null;
        Map<String, Integer> col = new HashMap<>();
        List<Line> lines = new ArrayList<>();
        String[] rows = text.split("\r?\n", -1);
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i].replace("\uFEFF", "");
            if (row.startsWith(ACCOUNT) && row.indexOf(']') > ACCOUNT.length()) {
                account = row.substring(ACCOUNT.length(), row.indexOf(']'));
            }
            if (row.startsWith("#") || row.isBlank()) {
                continue;
            }
            String[] f = row.split(",", -1);
            if (names == null) {
                names = f;
                for (int c = 0; c < f.length; c++) {
                    col.put(f[c].trim(), c);
                }
                continue;
            }
            if (f.length != names.length) {
                throw new IllegalArgumentException("Alipay bill line " + (i + 1) + ": " + f.length + " fields (expected "
                        + names.length + ")");
            }
            lines.add(line(f, col, i + 1));
        }
        if (names == null) {
            throw new IllegalArgumentException("Alipay bill: no column header");
        }
        return new Bill(account, lines);
    }

    private static Line line(String[] f, Map<String, Integer> col, int number) {
        String type = get(f, col, "业务类型");
        String received = get(f, col, "商家实收（元）");
        try {
            return switch (type) {
                case "交易" -> new Line(false, get(f, col, "支付宝交易号"), get(f, col, "商户订单号"),
                        Yuan.fen(get(f, col, "订单金额（元）")), 0, "");
                case "退款" -> new Line(true, get(f, col, "支付宝交易号"), get(f, col, "商户订单号"),
                        Yuan.fen(get(f, col, "订单金额（元）")), Yuan.fen(received.startsWith("-") ? received.substring(1) : received),
                        get(f, col, "退款批次号/请求号"));
                default -> throw new IllegalArgumentException("业务类型 " + type);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Alipay bill line " + number + ": " + e.getMessage(), e);
        }
    }

    /** A field by column name, without the tab Alipay appends to numbers Excel would mangle. */
    private static String get(String[] f, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no column " + name);
        }
        return f[i].trim();
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            try {
                return GBK.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("Alipay bill: neither UTF-8 nor GBK text", e);
            }
        }
    }
}
