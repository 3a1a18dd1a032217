package looklook.sandbox.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a prepay call asks for, already validated field by field: {@code timeExpire} as sent (null
 * if absent), the {@code payableUntil} WeChat makes of it, and {@code credentialUntil}, the end of
 * the two-hour life of the prepay_id (or Native code_url) this call hands out. Money in cents.
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
        Instant payableUntil,
        Instant credentialUntil) {

    /**
     * The fields in which a repeated prepay differs from the order {@code t} (empty: a merchant's
     * retry, not a new order). WeChat compares every field it was given, optional ones included: a
     * field added, dropped or changed is "201 商户订单号重复" (observed; the JSAPI prepay doc says to
     * retry with the original parameters). time_expire is compared as an instant, as the merchant
     * sent it.
     */
    List<String> differencesFrom(Txn t) {
        List<String> d = new ArrayList<>();
        differs(d, "trade_type", t.tradeType(), tradeType);
        differs(d, "appid", t.appid(), appid);
        differs(d, "description", t.description(), description);
        differs(d, "attach", t.attach(), attach);
        differs(d, "notify_url", t.notifyUrl(), notifyUrl);
        differs(d, "amount.total", t.total(), total);
        differs(d, "amount.currency", t.currency(), currency);
        differs(d, "payer.openid", t.openid(), openid);
        differs(d, "time_expire", t.timeExpire(), timeExpire);
        return d;
    }

    private static void differs(List<String> out, String field, Object before, Object now) {
        if (!Objects.equals(before, now)) {
            out.add(field);
        }
    }
}
