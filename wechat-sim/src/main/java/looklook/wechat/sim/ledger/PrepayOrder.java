package looklook.wechat.sim.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * What a prepay call asks for, already validated field by field: {@code timeExpire} as sent (null
 * if absent) and the {@code payableUntil} WeChat makes of it. Money in cents.
 */
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
        String openid,
        Instant timeExpire,
        Instant payableUntil) {

    /**
     * True when a repeated prepay asks for the same thing (a merchant's retry, not a new order).
     * time_expire counts: WeChat lets it be set on the first prepay only and refuses a change,
     * its absence included (JSAPI prepay doc); compared as instants, as the merchant sent it.
     */
    boolean sameAs(Txn t) {
        return t.tradeType() == tradeType && t.appid().equals(appid) && t.total() == total
                && t.currency().equals(currency) && Objects.equals(t.openid(), openid)
                && Objects.equals(t.timeExpire(), timeExpire);
    }
}
