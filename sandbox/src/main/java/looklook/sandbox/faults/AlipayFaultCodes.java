package looklook.sandbox.faults;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Alipay sub_codes a {@code fail} rule on an {@code alipay_*} endpoint may answer, with
 * Alipay's sub_msg for each (from the error tables of the trade API pages).
 */
public final class AlipayFaultCodes {
    private static final Map<String, String> MESSAGES = new TreeMap<>(Map.ofEntries(
            Map.entry("ACQ.SYSTEM_ERROR", "系统错误"),
            Map.entry("ACQ.INVALID_PARAMETER", "参数无效"),
            Map.entry("ACQ.ACCESS_FORBIDDEN", "无权限使用接口"),
            Map.entry("ACQ.TRADE_NOT_EXIST", "交易不存在"),
            Map.entry("ACQ.TRADE_HAS_CLOSE", "交易已经关闭"),
            Map.entry("ACQ.TRADE_HAS_SUCCESS", "交易已被支付"),
            Map.entry("ACQ.TRADE_STATUS_ERROR", "交易状态不合法"),
            Map.entry("ACQ.SELLER_BALANCE_NOT_ENOUGH", "卖家余额不足"),
            Map.entry("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "撤销或退款金额与订单金额不一致"),
            Map.entry("ACQ.REASON_TRADE_BEEN_FREEZEN", "交易被冻结"),
            Map.entry("ACQ.TRADE_NOT_ALLOW_REFUND", "当前交易不允许退款"),
            Map.entry("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改"),
            Map.entry("isp.unknow-error", "服务暂不可用"),
            Map.entry("isp.bill_not_exist", "账单不存在")));

    /** Every sub_code a rule may name. */
    public static final Set<String> KNOWN = MESSAGES.keySet();

    private AlipayFaultCodes() {
    }

    /** Alipay's sub_msg for {@code subCode}; a generic text for none (a status-only rule). */
    public static String message(String subCode) {
        return subCode == null ? "gateway error (fault)" : MESSAGES.get(subCode);
    }
}
