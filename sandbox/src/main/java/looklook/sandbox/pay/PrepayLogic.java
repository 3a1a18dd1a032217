package looklook.sandbox.pay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import looklook.sandbox.WxError;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.ledger.PrepayOrder;
import looklook.sandbox.ledger.TradeType;
import looklook.sandbox.ledger.Txn;
import looklook.sandbox.mini.Sessions;

/** JSAPI and Native prepay: validate as WeChat does, then open (or return) the transaction. */
public final class PrepayLogic {
    private static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z_\\-|*]{6,32}");
    /** WeChat's message, in its words, for a payer.openid the appid never issued. */
    static final String OPENID_NOT_OURS = "appid和openid不匹配";

    /** WeChat's description limit, string(127), counted in UTF-8 bytes (a Chinese character takes 3). */
    private static final int DESCRIPTION_MAX_BYTES = 127;

    private final Ledger ledger;
    private final String appId;
    private final PayWindow window;
    private final Sessions users;
    private final NotifyUrls notifyUrls;

    /** {@code users}: the openids the mini program {@code appId} issued, the only payers a JSAPI prepay may name. */
    public PrepayLogic(Ledger ledger, String appId, PayWindow window, Sessions users, NotifyUrls notifyUrls) {
        this.ledger = ledger;
        this.appId = appId;
        this.window = window;
        this.users = users;
        this.notifyUrls = notifyUrls;
    }

    /** {@code {"prepay_id"}} for JSAPI, {@code {"code_url"}} for Native. */
    public Map<String, String> prepay(TradeType type, String mchid, PayBodies.Prepay b) {
        require(b.appid(), "appid");
        require(b.mchid(), "mchid");
        require(b.description(), "description");
        require(b.outTradeNo(), "out_trade_no");
        require(b.notifyUrl(), "notify_url");
        if (!b.mchid().equals(mchid)) {
            throw WxError.param("mchid: " + b.mchid() + " (expected the caller's mchid " + mchid + ")");
        }
        if (!b.appid().equals(appId)) {
            throw new WxError(400, "APPID_MCHID_NOT_MATCH", "appid " + b.appid() + " is not bound to mchid " + mchid);
        }
        if (!OUT_TRADE_NO.matcher(b.outTradeNo()).matches()) {
            throw WxError.param("out_trade_no: " + b.outTradeNo() + " (expected 6-32 characters of [0-9A-Za-z_-|*])");
        }
        int descriptionBytes = b.description().getBytes(StandardCharsets.UTF_8).length;
        if (descriptionBytes > DESCRIPTION_MAX_BYTES) {
            throw WxError.param("description: " + descriptionBytes + " bytes in UTF-8 (expected at most "
                    + DESCRIPTION_MAX_BYTES + ")");
        }
        notifyUrls.check("notify_url", b.notifyUrl());
        if (b.amount() == null || b.amount().total() == null || b.amount().total() < 1) {
            throw WxError.param("amount.total: " + (b.amount() == null ? null : b.amount().total()) + " (expected >= 1 cent)");
        }
        String currency = b.amount().currency() == null ? "CNY" : b.amount().currency();
        if (!currency.equals("CNY")) {
            throw WxError.param("amount.currency: " + currency + " (expected CNY)");
        }
        String openid = null;
        if (type == TradeType.JSAPI) {
            if (b.payer() == null || b.payer().openid() == null || b.payer().openid().isBlank()) {
                throw WxError.param("payer.openid is required for JSAPI");
            }
            openid = b.payer().openid();
            if (!users.issued(openid)) {
                // an openid is per app: one this app never issued is another app's user or made up
                throw WxError.param(OPENID_NOT_OURS);
            }
        }
        Instant timeExpire = b.timeExpire() == null ? null : PayWindow.parse(b.timeExpire());
        Instant now = Instant.now();
        Txn t = ledger.prepay(new PrepayOrder(type, b.appid(), mchid, b.outTradeNo(), b.description(), b.attach(),
                b.notifyUrl(), b.amount().total(), currency, openid, timeExpire, window.payableUntil(timeExpire, now),
                window.credentialUntil(now)), now);
        return type == TradeType.JSAPI ? Map.of("prepay_id", t.prepayId()) : Map.of("code_url", t.codeUrl());
    }

    static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw WxError.param(field + " is required");
        }
    }
}
