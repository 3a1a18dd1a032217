package looklook.wechat.sim.wire;

import looklook.wechat.sim.ledger.Txn;

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
        Amount amount) {

    /** {@code payer}. */
    public record Payer(String openid) {
    }

    /** {@code amount}: what the order costs and what the payer paid, in cents. */
    public record Amount(long total, Long payerTotal, String currency, String payerCurrency) {
    }

    /** The view of {@code t}; payer fields exist once paid, as at WeChat. */
    public static TransactionJson of(Txn t) {
        boolean paid = t.wasPaid();
        return new TransactionJson(t.appid(), t.mchid(), t.outTradeNo(), t.transactionId(), t.tradeType().name(),
                t.tradeState().name(), describe(t), paid ? "OTHERS" : null, t.attach(), Times.rfc3339(t.successTime()),
                t.openid() == null ? null : new Payer(t.openid()),
                new Amount(t.total(), paid ? t.total() : null, t.currency(), paid ? t.currency() : null));
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
