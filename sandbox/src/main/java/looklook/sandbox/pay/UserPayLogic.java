package looklook.sandbox.pay;

import java.security.PublicKey;
import java.time.Instant;
import looklook.sandbox.WxError;
import looklook.sandbox.crypto.Nonces;
import looklook.sandbox.crypto.Rsa;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.ledger.TradeState;
import looklook.sandbox.ledger.Txn;
import looklook.sandbox.notify.NotifyBuilder;
import looklook.sandbox.notify.Notifier;
import looklook.sandbox.wire.Times;
import looklook.sandbox.wire.TransactionJson;

/**
 * The payer pays, as the WeChat client would after {@code wx.requestPayment} (checking the
 * merchant's paySign) or after scanning a Native code: the transaction turns SUCCESS (a coupon may
 * pay part of it) and its TRANSACTION.SUCCESS notify is sent. Or the payer's bank refuses: the
 * transaction turns PAYERROR, no notify is sent (WeChat notifies successes only), and the payer may
 * try again.
 */
public final class UserPayLogic {
    private static final String PACKAGE_PREFIX = "prepay_id=";

    private final Ledger ledger;
    private final Notifier notifier;
    private final NotifyBuilder notifies;
    private final PublicKey merchantKey;

    public UserPayLogic(Ledger ledger, Notifier notifier, NotifyBuilder notifies, PublicKey merchantKey) {
        this.ledger = ledger;
        this.notifier = notifier;
        this.notifies = notifies;
        this.merchantKey = merchantKey;
    }

    /** Pays and returns the transaction as WeChat now sees it. */
    public TransactionJson pay(PayBodies.UserPay b) {
        Txn t = b.codeUrl() != null ? byCodeUrl(b) : byPrepayId(b);
        String payer = t.openid() != null ? t.openid() : b.openid() != null ? b.openid() : "o" + Nonces.urlSafe(27);
        if (Boolean.TRUE.equals(b.payError())) {
            return TransactionJson.of(ledger.payFails(t.outTradeNo(), payer, Instant.now()));
        }
        Txn paid = ledger.pay(t.outTradeNo(), payer, b.coupon() == null ? 0 : b.coupon(), Instant.now());
        notifier.send(notifies.transactionSuccess(paid));
        return TransactionJson.of(paid);
    }

    private Txn byCodeUrl(PayBodies.UserPay b) {
        Txn t = ledger.byCodeUrl(b.codeUrl())
                .orElseThrow(() -> new WxError(404, "ORDER_NOT_EXIST", "code_url " + b.codeUrl() + " was not issued here"));
        refuseIfExpired(t, b.codeUrl(), "code_url", "CODE_URL_EXPIRED");
        return t;
    }

    /**
     * A prepay_id or code_url lives two hours (scaled): after that the payer cannot use it, though the
     * order may still be payable through a fresh one the merchant asks for. The payer's side has no
     * WeChat API to copy (the WeChat client shows its own page), so the code is the simulator's own.
     * An order that can no longer be paid at all answers as such instead (ledger.pay).
     */
    private void refuseIfExpired(Txn t, String credential, String name, String code) {
        Instant now = Instant.now();
        Ledger.Credential c = ledger.credential(credential).orElseThrow();
        if (t.tradeState() == TradeState.NOTPAY && !t.expiredAt(now) && c.expiredAt(now)) {
            throw new WxError(400, code, name + " " + credential + " expired at " + Times.rfc3339(c.until())
                    + " (it lives 2 hours); the merchant must prepay again for a new one");
        }
    }

    private Txn byPrepayId(PayBodies.UserPay b) {
        for (String[] f : new String[][] {{b.appId(), "appId"}, {b.timeStamp(), "timeStamp"}, {b.nonceStr(), "nonceStr"},
                {b.packageValue(), "package"}, {b.paySign(), "paySign"}}) {
            PrepayLogic.require(f[0], f[1] + " (or code_url)");
        }
        if (!b.packageValue().startsWith(PACKAGE_PREFIX)) {
            throw WxError.param("package: " + b.packageValue() + " (expected prepay_id=...)");
        }
        if (b.signType() != null && !b.signType().equals("RSA")) {
            throw WxError.param("signType: " + b.signType() + " (expected RSA)");
        }
        String prepayId = b.packageValue().substring(PACKAGE_PREFIX.length());
        Txn t = ledger.byPrepayId(prepayId)
                .orElseThrow(() -> new WxError(404, "ORDER_NOT_EXIST", "prepay_id " + prepayId + " was not issued here"));
        if (!t.appid().equals(b.appId())) {
            throw WxError.param("appId: " + b.appId() + " (expected the prepay's appid " + t.appid() + ")");
        }
        String message = b.appId() + "\n" + b.timeStamp() + "\n" + b.nonceStr() + "\n" + b.packageValue() + "\n";
        if (!Rsa.verify(merchantKey, message, b.paySign())) {
            throw WxError.sign("paySign does not verify with the merchant's key over appId, timeStamp, nonceStr, package");
        }
        refuseIfExpired(t, prepayId, "prepay_id", "PREPAY_ID_EXPIRED");
        return t;
    }
}
