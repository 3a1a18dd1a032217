package looklook.sandbox.bill;

import static java.util.stream.Collectors.joining;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import looklook.sandbox.ledger.Refund;
import looklook.sandbox.ledger.RefundStatus;
import looklook.sandbox.ledger.Txn;

/**
 * A trade bill file as WeChat serves it: UTF-8 behind a byte order mark, the column header, one
 * line per payment or refund with every field behind a backquote (so spreadsheets keep long
 * numbers), then the summary header and the summary line, also backquoted. Amounts are yuan with
 * two decimals, the fee has five; every line ends in {@code \n}. The columns, backquotes and
 * number formats follow bills downloaded from WeChat and quoted in public code (wechatpay-go's
 * tests among them), the byte order mark the merchants who quote bills that start with one.
 */
public final class TradeBillCsv {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.ofHours(8));
    /** WeChat's standard fee rate for most categories, 0.60%, in hundredths of a percent. */
    static final long RATE_BP = 60;

    private TradeBillCsv() {
    }

    /** The file's bytes for {@code lines} (already those of {@code type}, in order). */
    public static byte[] render(BillType type, List<BillLine> lines) {
        StringBuilder out = new StringBuilder(String.join(",", type.columns())).append('\n');
        long settled = 0;
        long refunded = 0;
        long fees = 0;
        for (BillLine l : lines) {
            Map<String, String> cells = cells(type, l);
            out.append(backquoted(type.columns().stream().map(cells::get))).append('\n');
            if (l.isRefund()) {
                refunded += l.refund().refund();
                fees -= fee(l.refund().refund());
            } else {
                settled += l.txn().total();
                fees += fee(l.txn().total());
            }
        }
        out.append(String.join(",", BillType.SUMMARY)).append('\n');
        // CASH coupons settle as paid and no refund is of a NOCASH coupon: settled equals ordered, refunded equals requested
        out.append(backquoted(Stream.of(Integer.toString(lines.size()), yuan(settled), yuan(refunded), yuan(0),
                feeYuan(fees), yuan(settled), yuan(refunded)))).append('\n');
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(BOM);
        file.writeBytes(out.toString().getBytes(StandardCharsets.UTF_8));
        return file.toByteArray();
    }

    private static Map<String, String> cells(BillType type, BillLine l) {
        Txn t = l.txn();
        Refund r = l.refund();
        boolean refund = r != null;
        Map<String, String> c = new HashMap<>();
        // a REFUND bill dates its lines by the payment and adds the refund's own times
        c.put("交易时间", time(refund && type != BillType.REFUND ? r.createTime() : t.successTime()));
        c.put("公众账号ID", t.appid());
        c.put("商户号", t.mchid());
        c.put("特约商户号", "0");
        c.put("设备号", "");
        c.put("微信订单号", t.transactionId());
        c.put("商户订单号", t.outTradeNo());
        c.put("用户标识", t.openid());
        c.put("交易类型", t.tradeType().name());
        c.put("交易状态", refund ? "REFUND" : "SUCCESS");
        c.put("付款银行", "OTHERS");
        c.put("货币种类", t.currency());
        c.put("应结订单金额", refund ? yuan(0) : yuan(t.total()));
        // the sandbox's coupons are CASH (funded in advance): they settle as paid, and show here
        c.put("代金券金额", yuan(refund ? 0 : t.coupon()));
        c.put("退款申请时间", refund ? time(r.createTime()) : "");
        c.put("退款成功时间", refund ? time(r.successTime()) : "");
        c.put("微信退款单号", refund ? r.refundId() : "0");
        c.put("商户退款单号", refund ? r.outRefundNo() : "0");
        c.put("退款金额", refund ? yuan(r.refund()) : yuan(0));
        c.put("充值券退款金额", yuan(0));
        c.put("退款类型", refund ? "ORIGINAL" : "");
        c.put("退款状态", refund ? status(r.status()) : "");
        c.put("商品名称", text(t.description()));
        c.put("商户数据包", text(t.attach()));
        c.put("手续费", feeYuan(refund ? -fee(r.refund()) : fee(t.total())));
        c.put("费率", yuan(RATE_BP) + "%");
        c.put("订单金额", refund ? yuan(0) : yuan(t.total()));
        c.put("申请退款金额", refund ? yuan(r.refund()) : yuan(0));
        c.put("费率备注", "");
        return c;
    }

    /** The bill's refund status words are the older API's, not v3's CLOSED/ABNORMAL. */
    private static String status(RefundStatus s) {
        return switch (s) {
            case SUCCESS -> "SUCCESS";
            case PROCESSING -> "PROCESSING";
            case ABNORMAL -> "CHANGE";
            case CLOSED -> "FAIL";
        };
    }

    /** Free text the merchant sent: quotes are backslashed and commas hidden, so the line still splits on commas. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\"", "\\\"").replace(",", "\\ ").replace("\r", "\\r").replace("\n", "\\n");
    }

    /** The fee on {@code cents}, rounded half up to the cent, per line as WeChat charges it. */
    static long fee(long cents) {
        return (cents * RATE_BP + 5_000) / 10_000;
    }

    static String yuan(long cents) {
        return cents / 100 + "." + String.format(Locale.ROOT, "%02d", cents % 100);
    }

    static String feeYuan(long cents) {
        return (cents < 0 ? "-" : "") + yuan(Math.abs(cents)) + "000";
    }

    private static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    private static String backquoted(Stream<String> fields) {
        return fields.map(f -> "`" + f).collect(joining(","));
    }
}
