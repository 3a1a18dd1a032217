package looklook.sandbox.bill;

import java.util.List;
import java.util.stream.Stream;
import looklook.sandbox.WxError;

/**
 * A trade bill's {@code bill_type} and the columns its file carries, in WeChat's order and words
 * (the file's header line is WeChat's Chinese column names, so they are data here, not prose).
 * SUCCESS drops the refund columns; REFUND adds the refund's apply and success times.
 */
public enum BillType {
    ALL(cat(Columns.HEAD, Columns.REFUND_TAIL)),
    SUCCESS(cat(Columns.HEAD, List.of("商品名称", "商户数据包", "手续费", "费率", "订单金额", "费率备注"))),
    REFUND(cat(Columns.HEAD, List.of("退款申请时间", "退款成功时间"), Columns.REFUND_TAIL));

    /** The summary's header line, the same for every type. */
    public static final List<String> SUMMARY = List.of("总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额",
            "手续费总金额", "订单总金额", "申请退款总金额");

    private final List<String> columns;

    BillType(List<String> columns) {
        this.columns = columns;
    }

    /** The detail columns, in file order. */
    public List<String> columns() {
        return columns;
    }

    /** True when this bill lists payments (SUCCESS lines). */
    public boolean listsPayments() {
        return this != REFUND;
    }

    /** True when this bill lists refunds (REFUND lines). */
    public boolean listsRefunds() {
        return this != SUCCESS;
    }

    /** {@code bill_type} as sent (absent: ALL), or 400 PARAM_ERROR naming it. */
    public static BillType parse(String value) {
        if (value == null) {
            return ALL;
        }
        for (BillType t : values()) {
            if (t.name().equals(value)) {
                return t;
            }
        }
        throw WxError.param("bill_type: " + value + " (the simulator serves ALL, SUCCESS and REFUND)");
    }

    @SafeVarargs
    private static List<String> cat(List<String>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    /** Held apart so the enum constants can share them (an enum's own statics are not ready for its constants). */
    private static final class Columns {
        static final List<String> HEAD = List.of("交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号",
                "商户订单号", "用户标识", "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额");
        static final List<String> REFUND_TAIL = List.of("微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型",
                "退款状态", "商品名称", "商户数据包", "手续费", "费率", "订单金额", "申请退款金额", "费率备注");
    }
}
