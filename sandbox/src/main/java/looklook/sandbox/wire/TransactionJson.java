package looklook.sandbox.wire;

import java.util.List;
import looklook.sandbox.ledger.Txn;

/**
 * A transaction as WeChat Pay answers a query and as a TRANSACTION.SUCCESS notify carries it
 * (the SDK's {@code com.wechat.pay.java.service.payments.model.Transaction}).
 */
public record TransactionJson(
        String appid,
        String mchid,
        String outTradeNo,
        String transactionId,
        String tradeType,
        String tradeState,
        String tradeStateDesc,
        String bankType,
        String attach,
        String successTime,
        Payer payer,
        Amount amount,
        List<PromotionDetail> promotionDetail) {

    /** {@code payer}. */
    public record Payer(String openid) {
    }

    /** {@code amount}: what the order costs and what the payer paid, in cents. */
    public record Amount(long total, Long payerTotal, String currency, String payerCurrency) {
    }

    /**
     * {@code promotion_detail}: a coupon that paid part of the order. The sandbox's coupons are
     * WeChat-wide CASH coupons funded by the merchant, so the merchant's contribution is the amount.
     */
    public record PromotionDetail(String couponId, String name, String scope, String type, long amount, String stockId,
                                  long wechatpayContribute, long merchantContribute, long otherContribute, String currency) {
    }

    /** The view of {@code t}; payer fields exist once paid, as at WeChat, and promotion_detail when a coupon paid part. */
    public static TransactionJson of(Txn t) {
        boolean paid = t.wasPaid();
        return new TransactionJson(t.appid(), t.mchid(), t.outTradeNo(), t.transactionId(), t.tradeType().name(),
                t.tradeState().name(), describe(t), paid ? "OTHERS" : null, t.attach(), Times.rfc3339(t.successTime()),
                t.openid() == null ? null : new Payer(t.openid()),
                new Amount(t.total(), paid ? t.payerTotal() : null, t.currency(), paid ? t.currency() : null),
                paid && t.coupon() > 0 ? List.of(coupon(t)) : null);
    }

    private static PromotionDetail coupon(Txn t) {
        // stable per transaction, so a query and the notify name the same coupon
        String id = t.transactionId() == null ? "0" : t.transactionId().substring(Math.max(0, t.transactionId().length() - 10));
        return new PromotionDetail(id, "sandbox coupon", "GLOBAL", "CASH", t.coupon(), "9865000", 0, t.coupon(), 0,
                t.currency());
    }

    /** WeChat's own words for each state (the query doc's trade_state list; CLOSED as queries of closed orders show it). */
    private static String describe(Txn t) {
        return switch (t.tradeState()) {
            case SUCCESS -> "支付成功";
            case REFUND -> "转入退款";
            case NOTPAY -> "订单未支付";
            case CLOSED -> "订单已关闭";
            case REVOKED -> "已撤销";
            case USERPAYING -> "用户支付中";
            case PAYERROR -> "支付失败";
        };
    }
}
