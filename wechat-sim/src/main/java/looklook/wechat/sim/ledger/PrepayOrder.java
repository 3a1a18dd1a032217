package looklook.wechat.sim.ledger;

import java.util.Objects;

/** What a prepay call asks for, already validated field by field. Money in cents. */
public record PrepayOrder(
        TradeType tradeType,
        String appid,
        String mchid,
        String outTradeNo,
        String description,
        String attach,
        String notifyUrl,
        long total,
        String currency,
        String openid) {

    /** True when a repeated prepay asks for the same thing (a merchant's retry, not a new order). */
    boolean sameAs(Txn t) {
        return t.tradeType() == tradeType && t.appid().equals(appid) && t.total() == total
                && t.currency().equals(currency) && Objects.equals(t.openid(), openid);
    }
}
