package looklook.sandbox.ledger;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import looklook.sandbox.alipay.AlipayBook;
import looklook.sandbox.notify.Deliveries;
import looklook.sandbox.wire.Json;
import looklook.sandbox.wire.Times;

/**
 * {@code GET /sim/v1/ledger[?out_trade_no=]}: every transaction, refund and notify delivery as
 * WeChat sees them, and the totals in cents: taken, given back, on its way back, and held for
 * ABNORMAL refunds, so a merchant's books can be compared with WeChat's to the fen.
 */
public final class LedgerRoutes {
    private final Ledger ledger;
    private final Deliveries deliveries;
    private final AlipayBook alipay;

    public LedgerRoutes(Ledger ledger, Deliveries deliveries, AlipayBook alipay) {
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.alipay = alipay;
    }

    /**
     * One Alipay trade, amounts in fen: {@code scanned} false while only its code exists (Alipay's
     * query does not know it yet); {@code refundable} what a refund may still take.
     */
    public record AlipayTradeRow(String outTradeNo, String tradeNo, String tradeStatus, boolean scanned, long total,
                                 long refunded, long refundable, int refundCount, String qrCode, String subject,
                                 String notifyUrl, String buyerId, String buyerLogonId, String createTime, String scanTime,
                                 String paymentTime, String closeTime, String payableUntil) {
    }

    /** One Alipay refund (Alipay refunds synchronously: every row is money given back). */
    public record AlipayRefundRow(String outRequestNo, String outTradeNo, String tradeNo, long refund, String reason,
                                  String refundTime) {
    }

    /**
     * One transaction row: {@code timeExpire} as the merchant sent it, {@code payableUntil} as WeChat
     * applies it, {@code coupon} the part of {@code total} a coupon paid; of its refunds, {@code refunded}
     * succeeded, {@code refundProcessing} is on its way, {@code refundHeld} is held for ABNORMAL ones,
     * {@code refundable} is what a new refund may still take, {@code refundCount} counts every refund
     * WeChat accepted (closed ones too: WeChat's 50).
     */
    public record TxnRow(String outTradeNo, String transactionId, String tradeType, String tradeState, String appid,
                         String mchid, String openid, long total, long coupon, long refunded, long refundProcessing,
                         long refundHeld, long refundable, int refundCount, String prepayId, String codeUrl,
                         String description, String notifyUrl, String createTime, String timeExpire,
                         String payableUntil, String successTime) {
    }

    /** One refund row; {@code abnormalRefund} is how its held money was applied for (USER_BANK_CARD, MERCHANT_BANK_CARD), if it was. */
    public record RefundRow(String outRefundNo, String refundId, String outTradeNo, String transactionId, long refund,
                            long total, String status, String abnormalRefund, String notifyUrl, String createTime,
                            String successTime) {
    }

    /** Registers the route on {@code app}. */
    public void register(Javalin app) {
        app.get("/sim/v1/ledger", this::get);
    }

    private void get(Context ctx) {
        String only = ctx.queryParam("out_trade_no");
        List<Refund> allRefunds = ledger.refunds().stream().filter(r -> only == null || r.outTradeNo().equals(only)).toList();
        List<TxnRow> txns = ledger.transactions().stream()
                .filter(t -> only == null || t.outTradeNo().equals(only))
                .map(t -> row(t, allRefunds.stream().filter(r -> r.outTradeNo().equals(t.outTradeNo())).toList()))
                .toList();
        List<RefundRow> refunds = allRefunds.stream()
                .map(r -> new RefundRow(r.outRefundNo(), r.refundId(), r.outTradeNo(), r.transactionId(), r.refund(),
                        r.total(), r.status().name(), r.recovery() == null ? null : r.recovery().type().name(), r.notifyUrl(),
                        Times.rfc3339(r.createTime()), Times.rfc3339(r.successTime())))
                .toList();
        List<Deliveries.Delivery> notifies = deliveries.all().stream()
                .filter(d -> only == null || only.equals(d.outTradeNo()))
                .toList();
        long paid = txns.stream().filter(t -> t.successTime() != null).mapToLong(TxnRow::total).sum();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("paid", paid);
        totals.put("refunded", sum(allRefunds, RefundStatus.SUCCESS));
        totals.put("refund_processing", sum(allRefunds, RefundStatus.PROCESSING));
        totals.put("refund_held", sum(allRefunds, RefundStatus.ABNORMAL));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("transactions", txns);
        out.put("refunds", refunds);
        out.put("notifies", notifies);
        out.put("totals", totals);
        out.put("alipay", alipay(only));
        ctx.contentType("application/json; charset=utf-8").result(Json.write(out));
    }

    private Map<String, Object> alipay(String only) {
        List<AlipayTradeRow> trades = alipay.trades().stream().filter(t -> only == null || t.outTradeNo().equals(only))
                .map(t -> new AlipayTradeRow(t.outTradeNo(), t.tradeNo(), t.tradeStatus(), t.scanned(), t.total(), t.refunded(),
                        t.refundable(), t.refundCount(), t.qrCode(), t.subject(), t.notifyUrl(), t.buyerId(), t.buyerLogonId(),
                        Times.rfc3339(t.createTime()), Times.rfc3339(t.scanTime()), Times.rfc3339(t.paidAt()),
                        Times.rfc3339(t.closedAt()), Times.rfc3339(t.payableUntil())))
                .toList();
        List<AlipayRefundRow> refunds = alipay.refunds().stream().filter(r -> only == null || r.outTradeNo().equals(only))
                .map(r -> new AlipayRefundRow(r.outRequestNo(), r.outTradeNo(), r.tradeNo(), r.amount(), r.reason(),
                        Times.rfc3339(r.time())))
                .toList();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("paid", trades.stream().filter(t -> t.paymentTime() != null).mapToLong(AlipayTradeRow::total).sum());
        totals.put("refunded", refunds.stream().mapToLong(AlipayRefundRow::refund).sum());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trades", trades);
        out.put("refunds", refunds);
        out.put("totals", totals);
        return out;
    }

    private static TxnRow row(Txn t, List<Refund> refunds) {
        return new TxnRow(t.outTradeNo(), t.transactionId(), t.tradeType().name(), t.tradeState().name(),
                t.appid(), t.mchid(), t.openid(), t.total(), t.coupon(), sum(refunds, RefundStatus.SUCCESS),
                sum(refunds, RefundStatus.PROCESSING), sum(refunds, RefundStatus.ABNORMAL),
                t.wasPaid() ? t.total() - t.refunded() : 0, refunds.size(), t.prepayId(), t.codeUrl(), t.description(),
                t.notifyUrl(), Times.rfc3339(t.createTime()), Times.rfc3339(t.timeExpire()), Times.rfc3339(t.payableUntil()),
                Times.rfc3339(t.successTime()));
    }

    private static long sum(List<Refund> refunds, RefundStatus status) {
        return refunds.stream().filter(r -> r.status() == status).mapToLong(Refund::refund).sum();
    }
}
