package looklook.wechat.sim.ledger;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import looklook.wechat.sim.notify.Deliveries;
import looklook.wechat.sim.wire.Json;
import looklook.wechat.sim.wire.Times;

/**
 * {@code GET /sim/v1/ledger[?out_trade_no=]}: every transaction, refund and notify delivery as
 * WeChat sees them, and the totals of money taken and given back, in cents.
 */
public final class LedgerRoutes {
    private final Ledger ledger;
    private final Deliveries deliveries;

    public LedgerRoutes(Ledger ledger, Deliveries deliveries) {
        this.ledger = ledger;
        this.deliveries = deliveries;
    }

    /**
     * One transaction row: {@code timeExpire} as the merchant sent it, {@code payableUntil} as WeChat
     * applies it, {@code coupon} the part of {@code total} a coupon paid.
     */
    public record TxnRow(String outTradeNo, String transactionId, String tradeType, String tradeState, String appid,
                         String mchid, String openid, long total, long coupon, long refunded, String prepayId, String codeUrl,
                         String description, String notifyUrl, String createTime, String timeExpire,
                         String payableUntil, String successTime) {
    }

    /** One refund row. */
    public record RefundRow(String outRefundNo, String refundId, String outTradeNo, String transactionId, long refund,
                            long total, String status, String notifyUrl, String createTime, String successTime) {
    }

    /** Registers the route on {@code app}. */
    public void register(Javalin app) {
        app.get("/sim/v1/ledger", this::get);
    }

    private void get(Context ctx) {
        String only = ctx.queryParam("out_trade_no");
        List<TxnRow> txns = ledger.transactions().stream()
                .filter(t -> only == null || t.outTradeNo().equals(only))
                .map(t -> new TxnRow(t.outTradeNo(), t.transactionId(), t.tradeType().name(), t.tradeState().name(),
                        t.appid(), t.mchid(), t.openid(), t.total(), t.coupon(), t.refunded(), t.prepayId(), t.codeUrl(), t.description(),
                        t.notifyUrl(),
                        Times.rfc3339(t.createTime()), Times.rfc3339(t.timeExpire()), Times.rfc3339(t.payableUntil()),
                        Times.rfc3339(t.successTime())))
                .toList();
        List<RefundRow> refunds = ledger.refunds().stream()
                .filter(r -> only == null || r.outTradeNo().equals(only))
                .map(r -> new RefundRow(r.outRefundNo(), r.refundId(), r.outTradeNo(), r.transactionId(), r.refund(),
                        r.total(), r.status().name(), r.notifyUrl(), Times.rfc3339(r.createTime()), Times.rfc3339(r.successTime())))
                .toList();
        List<Deliveries.Delivery> notifies = deliveries.all().stream()
                .filter(d -> only == null || only.equals(d.outTradeNo()))
                .toList();
        long paid = txns.stream().filter(t -> t.successTime() != null).mapToLong(TxnRow::total).sum();
        long refunded = refunds.stream().filter(r -> r.status().equals(RefundStatus.SUCCESS.name())).mapToLong(RefundRow::refund).sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("transactions", txns);
        out.put("refunds", refunds);
        out.put("notifies", notifies);
        out.put("totals", Map.of("paid", paid, "refunded", refunded));
        ctx.contentType("application/json; charset=utf-8").result(Json.write(out));
    }
}
