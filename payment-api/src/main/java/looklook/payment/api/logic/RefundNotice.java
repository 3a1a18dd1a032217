package looklook.payment.api.logic;

import com.wechat.pay.java.service.refund.model.RefundNotification;
import com.wechat.pay.java.service.refund.model.Status;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.wechat.WxTransactionCheck;

/**
 * A verified refund notify's resource, read defensively: every field we act on is present and
 * well-formed, or the notify is refused with the reason (for the log and the audit, never the sender).
 * WeChat's SDK reads an unknown {@code refund_status} as null and keeps {@code success_time} a string.
 */
record RefundNotice(String refundSn, String paymentSn, String transactionId, String refundId, Status status,
                    long successTime, long refund, long total) {

    /** The notice, or why the resource cannot be acted on. */
    record Read(RefundNotice notice, String problem) {
    }

    static Read read(RefundNotification n) {
        String refundSn = orEmpty(n.getOutRefundNo());
        if (!SnPrefix.THIRD_REFUND.matches(refundSn)) {
            return bad("out_refund_no " + quote(refundSn) + " is not ours (expected RFD + 22 digits)");
        }
        String paymentSn = orEmpty(n.getOutTradeNo());
        if (!SnPrefix.THIRD_PAYMENT.matches(paymentSn)) {
            return bad("refund " + refundSn + ": out_trade_no " + quote(paymentSn) + " (expected PMT + 22 digits)");
        }
        Optional<String> currency = WxTransactionCheck.refundMismatch(n, refundSn);
        if (currency.isPresent()) {
            return bad(currency.get());
        }
        Status status = n.getRefundStatus();
        if (status == null) {
            return bad("refund " + refundSn + ": refund_status missing or unknown (expected SUCCESS, CLOSED, ABNORMAL or PROCESSING)");
        }
        Long refund = n.getAmount() == null ? null : n.getAmount().getRefund();
        Long total = n.getAmount() == null ? null : n.getAmount().getTotal();
        if (refund == null || total == null || refund <= 0 || total < refund) {
            return bad("refund " + refundSn + ": amount.refund " + refund + ", amount.total " + total
                    + " fen (expected 0 < refund <= total)");
        }
        String time = n.getSuccessTime();
        long successTime = 0;
        if ((time != null && !time.isBlank()) || status == Status.SUCCESS) {
            // a SUCCESS names when the money went back; any other status may name no time (absent or
            // empty), never a bad one
            try {
                successTime = OffsetDateTime.parse(orEmpty(time)).toEpochSecond();
            } catch (DateTimeParseException e) {
                return bad("refund " + refundSn + ": success_time " + quote(orEmpty(time)) + " (expected RFC 3339, e.g. 2026-01-01T12:00:00+08:00)");
            }
        }
        return new Read(new RefundNotice(refundSn, paymentSn, orEmpty(n.getTransactionId()), orEmpty(n.getRefundId()), status,
                successTime, refund, total), null);
    }

    private static Read bad(String why) {
        return new Read(null, why);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Quoted and cut: the value comes from outside and goes into a log line and an audit row. */
    private static String quote(String s) {
        return "\"" + (s.length() <= 40 ? s : s.substring(0, 40) + "...") + "\"";
    }
}
