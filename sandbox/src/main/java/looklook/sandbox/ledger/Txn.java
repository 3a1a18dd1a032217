package looklook.sandbox.ledger;

import java.time.Instant;

/**
 * One transaction as WeChat Pay keeps it. {@code transactionId}, {@code successTime} and (for
 * Native) {@code openid} exist only once the payer has paid. {@code timeExpire} is what the
 * merchant sent (null if nothing), {@code payableUntil} the last moment WeChat lets the payer pay
 * after its adjustments; past it an unpaid order is CLOSED. {@code prepayId} / {@code codeUrl} are the
 * newest handed out. Money in cents; {@code coupon} is the part of {@code total} a coupon paid (the
 * payer paid {@code total - coupon}); {@code refunded} is what is no longer refundable (refunds
 * processing, succeeded, or held ABNORMAL).
 */
public record Txn(
        String appid,
        String mchid,
        String outTradeNo,
        TradeType tradeType,
        String description,
        String attach,
        String notifyUrl,
        long total,
        String currency,
        String openid,
        String prepayId,
        String codeUrl,
        Instant createTime,
        Instant timeExpire,
        Instant payableUntil,
        TradeState tradeState,
        String transactionId,
        Instant successTime,
        long refunded,
        long coupon) {

    Txn paid(String transactionId, String openid, long coupon, Instant at) {
        return new Txn(appid, mchid, outTradeNo, tradeType, description, attach, notifyUrl, total, currency,
                openid, prepayId, codeUrl, createTime, timeExpire, payableUntil, TradeState.SUCCESS, transactionId, at,
                refunded, coupon);
    }

    /** The payment attempt failed (the bank refused): no money taken, the payer may try again. */
    Txn payFailed(String openid) {
        return new Txn(appid, mchid, outTradeNo, tradeType, description, attach, notifyUrl, total, currency,
                openid, prepayId, codeUrl, createTime, timeExpire, payableUntil, TradeState.PAYERROR, transactionId,
                successTime, refunded, coupon);
    }

    /** What the payer paid out of their own pocket: the total less the coupon. */
    public long payerTotal() {
        return total - coupon;
    }

    /** The same order with the newest prepay_id or code_url handed out for it (older ones live on until they expire). */
    Txn reissued(String prepayId, String codeUrl) {
        return new Txn(appid, mchid, outTradeNo, tradeType, description, attach, notifyUrl, total, currency,
                openid, prepayId, codeUrl, createTime, timeExpire, payableUntil, tradeState, transactionId, successTime,
                refunded, coupon);
    }

    Txn closed() {
        return new Txn(appid, mchid, outTradeNo, tradeType, description, attach, notifyUrl, total, currency,
                openid, prepayId, codeUrl, createTime, timeExpire, payableUntil, TradeState.CLOSED, transactionId,
                successTime, refunded, coupon);
    }

    /**
     * {@code refunded} is what PROCESSING, SUCCESS and ABNORMAL refunds hold (no longer refundable);
     * any successful refund turns the state to REFUND.
     */
    Txn withRefunds(long refunded, boolean anySucceeded) {
        TradeState state = anySucceeded ? TradeState.REFUND : tradeState;
        return new Txn(appid, mchid, outTradeNo, tradeType, description, attach, notifyUrl, total, currency,
                openid, prepayId, codeUrl, createTime, timeExpire, payableUntil, state, transactionId, successTime,
                refunded, coupon);
    }

    /** True when the payer can no longer pay at {@code now}: the order's pay window has passed. */
    public boolean expiredAt(Instant now) {
        return now.isAfter(payableUntil);
    }

    /** True once the payer's money was taken (refunds do not undo that). */
    public boolean wasPaid() {
        return tradeState == TradeState.SUCCESS || tradeState == TradeState.REFUND;
    }
}
