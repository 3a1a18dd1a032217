package looklook.sandbox.alipay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The response fields of the query, refund and refund-query methods, as Alipay names them. */
final class AlipayFields {
    private AlipayFields() {
    }

    static Map<String, Object> query(AlipayTradeView t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trade_no", t.tradeNo());
        out.put("out_trade_no", t.outTradeNo());
        out.put("buyer_logon_id", t.buyerLogonId());
        out.put("trade_status", t.tradeStatus());
        out.put("total_amount", Yuan.of(t.total()));
        if (t.paidAt() != null) {
            out.put("buyer_pay_amount", Yuan.of(t.total()));
            out.put("point_amount", "0.00");
            out.put("invoice_amount", Yuan.of(t.total()));
            out.put("send_pay_date", time(t.paidAt()));
            out.put("receipt_amount", Yuan.of(t.total()));
            out.put("fund_bill_list", java.util.List.of(Map.of("fund_channel", "ALIPAYACCOUNT", "amount", Yuan.of(t.total()))));
        }
        out.put("buyer_user_id", t.buyerId());
        out.put("buyer_user_type", "PRIVATE");
        return out;
    }

    static Map<String, Object> refund(AlipayBook.RefundResult r) {
        AlipayTradeView t = r.trade();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trade_no", t.tradeNo());
        out.put("out_trade_no", t.outTradeNo());
        out.put("buyer_logon_id", t.buyerLogonId());
        out.put("fund_change", r.fundChange() ? "Y" : "N");
        out.put("refund_fee", Yuan.of(t.refunded()));
        out.put("gmt_refund_pay", time(r.refund().time()));
        out.put("buyer_user_id", t.buyerId());
        out.put("send_back_fee", Yuan.of(r.refund().amount()));
        return out;
    }

    /** A refund Alipay did not make answers 10000 without refund fields (the doc: no refund_status, not refunded). */
    static Map<String, Object> refundQuery(AlipayTradeView t, String requestNo, Optional<AlipayRefund> r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trade_no", t.tradeNo());
        out.put("out_trade_no", t.outTradeNo());
        out.put("out_request_no", requestNo);
        if (r.isPresent()) {
            out.put("total_amount", Yuan.of(t.total()));
            out.put("refund_amount", Yuan.of(r.get().amount()));
            out.put("refund_status", "REFUND_SUCCESS");
            out.put("gmt_refund_pay", time(r.get().time()));
            if (r.get().reason() != null) {
                out.put("refund_reason", r.get().reason());
            }
        }
        return out;
    }

    static String time(Instant t) {
        return t == null ? null : AlipayGateway.TIMESTAMP.format(t.atZone(AlipayBook.CHINA));
    }
}
