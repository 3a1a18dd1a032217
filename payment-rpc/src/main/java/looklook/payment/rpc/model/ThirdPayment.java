package looklook.payment.rpc.model;

import looklook.pkg.events.PayMode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.events.TradeType;

/**
 * A row of {@code third_payment}: one attempt to pay a business order through WeChat Pay.
 * Money in fen; times in epoch milliseconds (0 = not yet), read through UNIX_TIMESTAMP so the
 * driver's time zone handling never shifts them; {@code expireTime} in unix seconds (the time_expire
 * WeChat was given). {@code description} and {@code notifyUrl} are what every prepay of the payment
 * sends ('' for rows older than them, until their next prepay). {@code prepaidAt} is when a provider
 * first accepted a prepay that payment-api was about to hand out (0 = never); {@code awaitsMark} that
 * the payment was made by a caller that marks every prepay before handing its code out, so without a
 * mark nobody holds a code of it (false: rows made without that promise, whose provider is always asked).
 */
public record ThirdPayment(
        long id,
        String sn,
        long userId,
        String payMode,
        String tradeType,
        String tradeState,
        long payTotal,
        String transactionId,
        String tradeStateDesc,
        String orderSn,
        String serviceType,
        int payStatus,
        long payTime,
        long expireTime,
        long createTime,
        long updateTime,
        String description,
        String notifyUrl,
        long prepaidAt,
        boolean awaitsMark) {
    /** A prepay sent without time_expire (rows made before it was sent) can be paid for WeChat's two hours. */
    private static final long DEFAULT_PAY_WINDOW_SECONDS = 7200;


    /** The pay status; a value this build does not know is a corrupt row. */
    public PayStatus status() {
        return PayStatus.of(payStatus)
                .orElseThrow(() -> new IllegalStateException("payment " + sn + " has unknown pay_status " + payStatus));
    }

    /** Unix seconds after which WeChat takes no money for this payment. */
    public long payableUntil() {
        return expireTime > 0 ? expireTime : createTime / 1000 + DEFAULT_PAY_WINDOW_SECONDS;
    }

    /**
     * This row as {@link ThirdPaymentModel#updatePayStatus} leaves it: {@code payTime} in unix seconds
     * (0 keeps the row's), {@code nowMs} this process's clock for the update time the database sets.
     */
    public ThirdPayment moved(PayStatus to, String tradeState, String tradeType, String transactionId, String tradeStateDesc,
                              long payTime, long nowMs) {
        return new ThirdPayment(id, sn, userId, payMode, tradeType, tradeState, payTotal, transactionId, tradeStateDesc, orderSn,
                serviceType, to.code(), payTime > 0 ? payTime * 1000 : this.payTime, expireTime, createTime, nowMs, description,
                notifyUrl, prepaidAt, awaitsMark);
    }

    /** A new waiting payment, before insertion. */
    public static ThirdPayment waiting(String sn, long userId, PayMode mode, TradeType tradeType, long payTotal, String orderSn,
                                       ServiceType type, long expireTime, String description, String notifyUrl,
                                       boolean awaitsMark) {
        return new ThirdPayment(0, sn, userId, mode.code(), tradeType.code(), "", payTotal, "", "", orderSn, type.code(),
                PayStatus.WAIT.code(), 0, expireTime, 0, 0, description, notifyUrl, 0, awaitsMark);
    }

    /** How this payment is paid: its trade_type, JSAPI for rows made before trade types were kept. */
    public TradeType payTradeType() {
        return TradeType.orJsapi(tradeType)
                .orElseThrow(() -> new IllegalStateException("payment " + sn + " has unknown trade_type " + tradeType));
    }

    /** True when a prepay of this payment was marked (or it waited when marks came: migration V10). */
    public boolean prepaid() {
        return prepaidAt > 0;
    }

    /** True when no code of this payment can have been handed out: it awaits a mark and has none. */
    public boolean neverPrepaid() {
        return awaitsMark && !prepaid();
    }

    /** True when the row predates the stored prepay fields (made before they were kept). */
    public boolean lacksPrepayFields() {
        return description.isEmpty() && notifyUrl.isEmpty();
    }
}
