package looklook.pkg.wechat;

import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import java.util.Optional;

/**
 * Whether a transaction WeChat reports (in a notify or a query answer) agrees with our payment: our
 * merchant, our app, the amount we asked for, in yuan fen (CNY, which must be named). One rule for every path that reads a
 * transaction, so a notify and a query can never judge the same report differently.
 */
public final class WxTransactionCheck {
    /** The only currency we charge in: yuan, amounts in fen. */
    public static final String CNY = "CNY";

    private WxTransactionCheck() {
    }

    /** Empty when {@code t} agrees with payment {@code sn} of {@code payTotal} fen, else why not. */
    public static Optional<String> mismatch(WxPayConf conf, Transaction t, String sn, long payTotal) {
        if (!conf.mchId().equals(t.getMchid())) {
            return Optional.of("payment " + sn + ": mchid " + t.getMchid() + " (expected " + conf.mchId() + ")");
        }
        if (!conf.appId().equals(t.getAppid())) {
            return Optional.of("payment " + sn + ": appid " + t.getAppid() + " (expected " + conf.appId() + ")");
        }
        Integer total = t.getAmount() == null ? null : t.getAmount().getTotal();
        if (total == null || total != payTotal) {
            return Optional.of("payment " + sn + ": amount.total " + total + " fen (expected " + payTotal + ")");
        }
        String currency = t.getAmount().getCurrency();
        if (!CNY.equals(currency)) {
            // a transaction report always names its currency: an absent one is not WeChat's report
            return Optional.of("payment " + sn + ": amount.currency " + currency + " (expected " + CNY + ")");
        }
        return Optional.empty();
    }

    /**
     * True when {@link #mismatch} could find {@code t} wrong only in its amount: it is addressed to us,
     * names a total and is in CNY. Then the total is all that is left to compare with the payment's row.
     */
    public static boolean onlyAmountToCompare(WxPayConf conf, Transaction t, String sn) {
        Integer total = t.getAmount() == null ? null : t.getAmount().getTotal();
        return total != null && mismatch(conf, t, sn, total).isEmpty();
    }

    /**
     * Empty when refund {@code refundSn}'s notify names no currency or names CNY, else why not: WeChat's
     * refund notify carries no currency today, its refund query does; either must be CNY when present.
     */
    public static Optional<String> refundMismatch(RefundNotification n, String refundSn) {
        String currency = n.getAmount() == null ? null : n.getAmount().getCurrency();
        if (currency != null && !CNY.equals(currency)) {
            return Optional.of("refund " + refundSn + ": amount.currency " + currency + " (expected " + CNY + ")");
        }
        return Optional.empty();
    }

    /**
     * True when {@code t} says the payer's money was taken: SUCCESS, or REFUND (paid, then refunded
     * in part or whole, perhaps by hand on the merchant platform without our knowing). A payment
     * waiting here that WeChat reports either way was paid. NOTPAY, USERPAYING, PAYERROR (the bank
     * refused an attempt; the payer may try again), CLOSED and REVOKED took nothing.
     */
    public static boolean tookMoney(Transaction t) {
        return t.getTradeState() == Transaction.TradeStateEnum.SUCCESS || t.getTradeState() == Transaction.TradeStateEnum.REFUND;
    }

    /**
     * True when WeChat closed {@code t} unpaid (the merchant's close, or its own at time_expire): it
     * never takes money for it any more, so the payment is over here too.
     */
    public static boolean closedUnpaid(Transaction t) {
        return t.getTradeState() == Transaction.TradeStateEnum.CLOSED;
    }
}
