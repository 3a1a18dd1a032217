package looklook.wechat.sim.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import looklook.wechat.sim.WxError;
import looklook.wechat.sim.crypto.Nonces;
import looklook.wechat.sim.wire.Times;

/**
 * WeChat Pay's books: every transaction and refund, with the rules that keep the payer's money
 * right. An order is paid at most once and never after it was closed; refunds never add up to
 * more than was paid. Every state change happens under one lock, so two racing calls (a close
 * and a payment, two refunds) cannot both win.
 */
public final class Ledger {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Map<String, Txn> byOutTradeNo = new LinkedHashMap<>();
    private final Map<String, String> outTradeNoByTransactionId = new LinkedHashMap<>();
    private final Map<String, String> outTradeNoByPrepayId = new LinkedHashMap<>();
    private final Map<String, String> outTradeNoByCodeUrl = new LinkedHashMap<>();
    private final Map<String, Refund> refunds = new LinkedHashMap<>();

    /**
     * Creates the transaction, or returns it again when a merchant retries the same prepay while it
     * waits for payment (WeChat hands out a still valid prepay id). A paid, closed or different order
     * under the same out_trade_no is refused.
     */
    public synchronized Txn prepay(PrepayOrder o, Instant now) {
        Txn existing = byOutTradeNo.get(o.outTradeNo());
        if (existing != null) {
            if (existing.wasPaid()) {
                throw new WxError(403, "ORDERPAID", "out_trade_no " + o.outTradeNo() + " is already paid");
            }
            if (existing.tradeState() == TradeState.CLOSED) {
                throw new WxError(400, "ORDER_CLOSED", "out_trade_no " + o.outTradeNo() + " is closed; place a new order");
            }
            if (!o.sameAs(existing)) {
                throw new WxError(400, "INVALID_REQUEST",
                        "out_trade_no " + o.outTradeNo() + " was used with different parameters (total "
                                + existing.total() + ", type " + existing.tradeType() + ", time_expire "
                                + Times.rfc3339(existing.timeExpire()) + ")");
            }
            return existing;
        }
        String prepayId = o.tradeType() == TradeType.JSAPI ? "wx" + Nonces.alnum(34).toLowerCase() : null;
        String codeUrl = o.tradeType() == TradeType.NATIVE ? "weixin://wxpay/bizpayurl?pr=" + Nonces.alnum(7) : null;
        Txn t = new Txn(o.appid(), o.mchid(), o.outTradeNo(), o.tradeType(), o.description(), o.attach(), o.notifyUrl(),
                o.total(), o.currency(), o.openid(), prepayId, codeUrl, now, o.timeExpire(), o.payableUntil(),
                TradeState.NOTPAY, null, null, 0, 0);
        byOutTradeNo.put(t.outTradeNo(), t);
        if (prepayId != null) {
            outTradeNoByPrepayId.put(prepayId, t.outTradeNo());
        }
        if (codeUrl != null) {
            outTradeNoByCodeUrl.put(codeUrl, t.outTradeNo());
        }
        return t;
    }

    /** Closes a transaction that waits for payment; closing a closed one again is a no-op. */
    public synchronized Txn close(String mchid, String outTradeNo) {
        Txn t = owned(mchid, outTradeNo);
        if (t.wasPaid()) {
            throw new WxError(400, "ORDERPAID", "out_trade_no " + outTradeNo + " is already paid and cannot be closed");
        }
        if (t.tradeState() == TradeState.CLOSED) {
            return t;
        }
        Txn closed = t.closed();
        byOutTradeNo.put(outTradeNo, closed);
        return closed;
    }

    /**
     * The payer pays: NOTPAY becomes SUCCESS with a transaction id; anything else is refused. Past
     * its pay window the order stays NOTPAY (WeChat does not close it; the merchant must) and the
     * payer is told it expired.
     */
    public synchronized Txn pay(String outTradeNo, String payerOpenid, Instant now) {
        return pay(outTradeNo, payerOpenid, 0, now);
    }

    /** As {@link #pay(String, String, Instant)}, with {@code coupon} cents of the total paid by a coupon. */
    public synchronized Txn pay(String outTradeNo, String payerOpenid, long coupon, Instant now) {
        Txn t = payable(outTradeNo, now);
        if (coupon < 0 || coupon >= t.total()) {
            throw WxError.param("coupon: " + coupon + " (expected 0.." + (t.total() - 1) + ": the payer pays at least a cent)");
        }
        String transactionId = "42000" + LocalDate.ofInstant(now, ZoneOffset.ofHours(8)).format(DAY) + Nonces.digits(15);
        Txn paid = t.paid(transactionId, t.openid() != null ? t.openid() : payerOpenid, coupon, now);
        byOutTradeNo.put(outTradeNo, paid);
        outTradeNoByTransactionId.put(transactionId, outTradeNo);
        return paid;
    }

    /**
     * The payer's attempt fails (the bank refused it): the order turns PAYERROR, takes no money and
     * stays payable (a new attempt may succeed) until it is closed or expires.
     */
    public synchronized Txn payFails(String outTradeNo, String payerOpenid, Instant now) {
        Txn failed = payable(outTradeNo, now).payFailed(payerOpenid);
        byOutTradeNo.put(outTradeNo, failed);
        return failed;
    }

    /** The order the payer may pay now, or WeChat's refusal. */
    private Txn payable(String outTradeNo, Instant now) {
        Txn t = byOutTradeNo.get(outTradeNo);
        if (t == null) {
            throw new WxError(404, "ORDER_NOT_EXIST", "out_trade_no " + outTradeNo + " does not exist");
        }
        if (t.wasPaid()) {
            throw new WxError(400, "ORDERPAID", "out_trade_no " + outTradeNo + " is already paid");
        }
        if (t.tradeState() == TradeState.CLOSED) {
            throw new WxError(400, "ORDER_CLOSED", "out_trade_no " + outTradeNo + " is closed and cannot be paid");
        }
        if (t.expiredAt(now)) {
            throw new WxError(400, "ORDER_EXPIRED", "out_trade_no " + outTradeNo + " could be paid until "
                    + Times.rfc3339(t.payableUntil()) + "; the order has expired, the merchant must place a new one");
        }
        return t;
    }

    /**
     * Accepts a refund as PROCESSING. A repeated out_refund_no with the same amount returns the
     * refund it already made; the sum of live refunds never exceeds what the payer paid.
     */
    public synchronized Refund refund(String mchid, RefundOrder r, Instant now) {
        Txn t = r.transactionId() != null
                ? Optional.ofNullable(outTradeNoByTransactionId.get(r.transactionId())).map(byOutTradeNo::get).orElse(null)
                : byOutTradeNo.get(r.outTradeNo());
        if (t == null || !t.mchid().equals(mchid)) {
            throw new WxError(404, "RESOURCE_NOT_EXISTS", "no transaction "
                    + (r.transactionId() != null ? "transaction_id " + r.transactionId() : "out_trade_no " + r.outTradeNo()));
        }
        Refund existing = refunds.get(r.outRefundNo());
        if (existing != null) {
            if (!existing.outTradeNo().equals(t.outTradeNo()) || existing.refund() != r.refund()) {
                throw new WxError(400, "INVALID_REQUEST", "out_refund_no " + r.outRefundNo()
                        + " was used for refund " + existing.refund() + " of " + existing.outTradeNo());
            }
            return existing;
        }
        if (!t.wasPaid()) {
            throw new WxError(400, "INVALID_REQUEST", "out_trade_no " + t.outTradeNo() + " is " + t.tradeState()
                    + ": only a paid transaction can be refunded");
        }
        if (r.total() != t.total()) {
            throw WxError.param("amount.total: " + r.total() + " (expected the transaction's total " + t.total() + ")");
        }
        if (t.refunded() + r.refund() > t.total()) {
            throw new WxError(400, "INVALID_REQUEST", "amount.refund: " + r.refund() + " (already refunded " + t.refunded()
                    + " of " + t.total() + ", at most " + (t.total() - t.refunded()) + " left)");
        }
        Refund refund = new Refund("50" + Nonces.digits(30), r.outRefundNo(), t.outTradeNo(), t.transactionId(),
                r.reason(), r.notifyUrl(), r.refund(), t.total(), t.currency(), RefundStatus.PROCESSING, now, null);
        refunds.put(refund.outRefundNo(), refund);
        recount(t.outTradeNo());
        return refund;
    }

    /** Moves a PROCESSING refund to its outcome (money goes back to the payer, or not). */
    public synchronized Refund settleRefund(String outRefundNo, RefundStatus to, Instant now) {
        Refund r = refunds.get(outRefundNo);
        if (r == null || r.status() != RefundStatus.PROCESSING) {
            return r;
        }
        Refund settled = r.settled(to, now);
        refunds.put(outRefundNo, settled);
        recount(r.outTradeNo());
        return settled;
    }

    /** The transaction, if it belongs to {@code mchid}. */
    public synchronized Optional<Txn> byOutTradeNo(String mchid, String outTradeNo) {
        return Optional.ofNullable(byOutTradeNo.get(outTradeNo)).filter(t -> t.mchid().equals(mchid));
    }

    /** The paid transaction with this WeChat id, if it belongs to {@code mchid}. */
    public synchronized Optional<Txn> byTransactionId(String mchid, String transactionId) {
        return Optional.ofNullable(outTradeNoByTransactionId.get(transactionId)).map(byOutTradeNo::get)
                .filter(t -> t.mchid().equals(mchid));
    }

    /** The JSAPI transaction a {@code prepay_id} was issued for. */
    public synchronized Optional<Txn> byPrepayId(String prepayId) {
        return Optional.ofNullable(outTradeNoByPrepayId.get(prepayId)).map(byOutTradeNo::get);
    }

    /** The Native transaction a {@code code_url} was issued for. */
    public synchronized Optional<Txn> byCodeUrl(String codeUrl) {
        return Optional.ofNullable(outTradeNoByCodeUrl.get(codeUrl)).map(byOutTradeNo::get);
    }

    /** The refund, if it exists. */
    public synchronized Optional<Refund> refund(String outRefundNo) {
        return Optional.ofNullable(refunds.get(outRefundNo));
    }

    /** Every transaction, oldest first. */
    public synchronized List<Txn> transactions() {
        return new ArrayList<>(byOutTradeNo.values());
    }

    /** Every refund, oldest first. */
    public synchronized List<Refund> refunds() {
        return new ArrayList<>(refunds.values());
    }

    private Txn owned(String mchid, String outTradeNo) {
        Txn t = byOutTradeNo.get(outTradeNo);
        if (t == null || !t.mchid().equals(mchid)) {
            throw new WxError(404, "ORDER_NOT_EXIST", "out_trade_no " + outTradeNo + " does not exist");
        }
        return t;
    }

    private void recount(String outTradeNo) {
        long held = 0;
        boolean anySucceeded = false;
        for (Refund r : refunds.values()) {
            if (r.outTradeNo().equals(outTradeNo) && r.status().holdsMoney()) {
                held += r.refund();
                anySucceeded |= r.status() == RefundStatus.SUCCESS;
            }
        }
        byOutTradeNo.put(outTradeNo, byOutTradeNo.get(outTradeNo).withRefunds(held, anySucceeded));
    }
}
