package looklook.sandbox.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import looklook.sandbox.WxError;
import looklook.sandbox.crypto.Nonces;
import looklook.sandbox.wire.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat Pay's books: every transaction and refund, with the rules that keep the payer's money
 * right. An order is paid at most once and never after it was closed; refunds keep WeChat's
 * limits ({@link RefundLimits}: never more than was paid, 50 per payment, a minute apart, within a
 * year). Every state change happens under one lock, so two racing calls (a close and a payment,
 * two refunds) cannot both win.
 */
public final class Ledger {
    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    /** WeChat's message, in its words, for a repeated out_trade_no whose prepay differs from the first. */
    public static final String DUPLICATE_OUT_TRADE_NO = "201 商户订单号重复";

    private final Map<String, Txn> byOutTradeNo = new LinkedHashMap<>();
    private final Map<String, String> outTradeNoByTransactionId = new LinkedHashMap<>();
    private final Map<String, Credential> credentials = new LinkedHashMap<>();
    private final Map<String, Refund> refunds = new LinkedHashMap<>();
    private final Map<String, PayerAccount> payers = new HashMap<>();
    private final Clock clock;
    private final RefundLimits limits;

    /**
     * A prepay_id or Native code_url handed out for an order, and the end of its two-hour life
     * (WeChat's unified order doc: a prepay_id is valid for two hours, so a repeat after that must
     * ask for a new one; the Native doc gives code_url the same two hours).
     */
    public record Credential(String outTradeNo, Instant until) {
        /** True when the payer can no longer use it at {@code now}. */
        public boolean expiredAt(Instant now) {
            return now.isAfter(until);
        }
    }

    /** Books on the system clock, with WeChat's one minute between two refunds of a payment. */
    public Ledger() {
        this(Clock.systemUTC());
    }

    /** {@code clock} decides when an unpaid order's pay window has passed (reads have no {@code now} of their own). */
    public Ledger(Clock clock) {
        this(clock, new RefundLimits(RefundLimits.WECHAT_GAP));
    }

    /** As {@link #Ledger(Clock)}, with {@code limits} (the gap between two refunds, scaled in tests). */
    public Ledger(Clock clock, RefundLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Creates the transaction, or hands out a fresh prepay_id (code_url) when a merchant repeats the
     * same prepay while it waits for payment; the earlier ones stay valid until their own expiry.
     * A paid or closed order is refused, and so is a prepay that differs in any field.
     */
    public synchronized Txn prepay(PrepayOrder o, Instant now) {
        Txn existing = current(o.outTradeNo(), now);
        if (existing != null) {
            if (existing.wasPaid()) {
                throw new WxError(403, "ORDERPAID", "out_trade_no " + o.outTradeNo() + " is already paid");
            }
            if (existing.tradeState() == TradeState.CLOSED) {
                throw new WxError(400, "ORDER_CLOSED", "out_trade_no " + o.outTradeNo() + " is closed; place a new order");
            }
            List<String> changed = o.differencesFrom(existing);
            if (!changed.isEmpty()) {
                log.info("prepay {} refused: {} differ from the first prepay", o.outTradeNo(), changed);
                throw new WxError(400, "INVALID_REQUEST", DUPLICATE_OUT_TRADE_NO);
            }
            Txn again = issue(existing, o.credentialUntil());
            byOutTradeNo.put(again.outTradeNo(), again);
            return again;
        }
        Txn t = new Txn(o.appid(), o.mchid(), o.outTradeNo(), o.tradeType(), o.description(), o.attach(), o.notifyUrl(),
                o.total(), o.currency(), o.openid(), null, null, now, o.timeExpire(), o.payableUntil(),
                TradeState.NOTPAY, null, null, 0, 0);
        t = issue(t, o.credentialUntil());
        byOutTradeNo.put(t.outTradeNo(), t);
        return t;
    }

    /** The prepay_id or code_url and its life, if it was ever handed out. */
    public synchronized Optional<Credential> credential(String prepayIdOrCodeUrl) {
        return Optional.ofNullable(credentials.get(prepayIdOrCodeUrl));
    }

    private Txn issue(Txn t, Instant until) {
        String prepayId = t.tradeType() == TradeType.JSAPI ? "wx" + Nonces.alnum(34).toLowerCase() : null;
        String codeUrl = t.tradeType() == TradeType.NATIVE ? "weixin://wxpay/bizpayurl?pr=" + Nonces.alnum(7) : null;
        credentials.put(prepayId != null ? prepayId : codeUrl, new Credential(t.outTradeNo(), until));
        return t.reissued(prepayId, codeUrl);
    }

    /**
     * The order as it stands at {@code now}: one still unpaid after its pay window is closed by WeChat
     * itself, stored so, once (merchants observe queries answering CLOSED after time_expire:
     * wechatpay-apiv3/wechatpay-java#266).
     */
    private Txn current(String outTradeNo, Instant now) {
        Txn t = byOutTradeNo.get(outTradeNo);
        if (t != null && (t.tradeState() == TradeState.NOTPAY || t.tradeState() == TradeState.PAYERROR) && t.expiredAt(now)) {
            t = t.closed();
            byOutTradeNo.put(outTradeNo, t);
            log.info("out_trade_no {} closed by WeChat: unpaid at the end of its pay window", outTradeNo);
        }
        return t;
    }

    /** Closes a transaction that waits for payment; closing a closed one again is a no-op. */
    public synchronized Txn close(String mchid, String outTradeNo) {
        Txn t = owned(mchid, outTradeNo, clock.instant());
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
     * The payer pays: NOTPAY (or PAYERROR: a new attempt) becomes SUCCESS with a transaction id;
     * anything else is refused. Past its pay window WeChat has closed the order, and the payer is told
     * it expired.
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
     * stays payable (a new attempt may succeed) until it is closed or its pay window ends.
     */
    public synchronized Txn payFails(String outTradeNo, String payerOpenid, Instant now) {
        Txn failed = payable(outTradeNo, now).payFailed(payerOpenid);
        byOutTradeNo.put(outTradeNo, failed);
        return failed;
    }

    /** The order the payer may pay now, or WeChat's refusal. */
    private Txn payable(String outTradeNo, Instant now) {
        Txn t = current(outTradeNo, now);
        if (t == null) {
            throw new WxError(404, "ORDER_NOT_EXIST", "out_trade_no " + outTradeNo + " does not exist");
        }
        if (t.wasPaid()) {
            throw new WxError(400, "ORDERPAID", "out_trade_no " + outTradeNo + " is already paid");
        }
        if (t.expiredAt(now)) {
            throw new WxError(400, "ORDER_EXPIRED", "out_trade_no " + outTradeNo + " could be paid until "
                    + Times.rfc3339(t.payableUntil()) + "; the order has expired, the merchant must place a new one");
        }
        if (t.tradeState() == TradeState.CLOSED) {
            throw new WxError(400, "ORDER_CLOSED", "out_trade_no " + outTradeNo + " is closed and cannot be paid");
        }
        return t;
    }

    /**
     * Accepts a refund as PROCESSING. A repeated out_refund_no with the same amount returns the
     * refund it already made (before any limit: a retry must get its answer); otherwise the payment
     * must be paid, the total its own, the payer's WeChat account open, and the refund within
     * {@link RefundLimits}.
     */
    public synchronized Refund refund(String mchid, RefundOrder r, Instant now) {
        Txn t = r.transactionId() != null
                ? Optional.ofNullable(outTradeNoByTransactionId.get(r.transactionId())).map(byOutTradeNo::get).orElse(null)
                : current(r.outTradeNo(), now);
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
        if (payerAccount(t.openid()) == PayerAccount.DEREGISTERED) {
            throw new WxError(403, "USER_ACCOUNT_ABNORMAL", "the payer of out_trade_no " + t.outTradeNo()
                    + " closed their WeChat account; refund them outside WeChat Pay");
        }
        limits.check(t, refundsOf(t.outTradeNo()), r.refund(), now);
        Refund refund = new Refund("50" + Nonces.digits(30), r.outRefundNo(), t.outTradeNo(), t.transactionId(),
                r.reason(), r.notifyUrl(), r.refund(), t.total(), t.currency(), RefundStatus.PROCESSING, now, null, null);
        refunds.put(refund.outRefundNo(), refund);
        recount(t.outTradeNo());
        return refund;
    }

    /** Moves a PROCESSING refund to its outcome (money goes back to the payer, is held, or is refundable again). */
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

    /**
     * {@code apply-abnormal-refund}: the held money of ABNORMAL refund {@code refundId} goes where
     * {@code how} says; the refund is PROCESSING again (its money stays held) until it settles. The
     * same application repeated while it is processing returns the refund (a retry); anything else
     * but an ABNORMAL refund is refused.
     */
    public synchronized Refund applyAbnormalRefund(String mchid, String refundId, String outRefundNo, AbnormalRefund how) {
        Refund r = refunds.values().stream().filter(x -> x.refundId().equals(refundId))
                .filter(x -> byOutTradeNo.get(x.outTradeNo()).mchid().equals(mchid)).findFirst()
                .orElseThrow(() -> new WxError(404, "RESOURCE_NOT_EXISTS", "refund_id " + refundId + " does not exist"));
        if (!r.outRefundNo().equals(outRefundNo)) {
            throw WxError.param("out_refund_no: " + outRefundNo + " (expected refund_id " + refundId + "'s out_refund_no "
                    + r.outRefundNo() + ")");
        }
        if (r.status() == RefundStatus.PROCESSING && how.equals(r.recovery())) {
            return r;
        }
        if (r.status() != RefundStatus.ABNORMAL) {
            throw new WxError(400, "INVALID_REQUEST", "refund_id " + refundId + " is " + r.status()
                    + " (expected ABNORMAL: only an abnormal refund's money can be applied for)");
        }
        Refund recovering = r.recovering(how);
        refunds.put(r.outRefundNo(), recovering);
        return recovering;
    }

    /** Sets how refunds to the payer {@code openid} fare from now on (the payer's side, {@code POST /sim/v1/payer/account}). */
    public synchronized void payerAccount(String openid, PayerAccount state) {
        payers.put(openid, state);
    }

    /** How refunds to the payer {@code openid} fare (OK unless set). */
    public synchronized PayerAccount payerAccount(String openid) {
        return openid == null ? PayerAccount.OK : payers.getOrDefault(openid, PayerAccount.OK);
    }

    /** The transaction, if it belongs to {@code mchid}. */
    public synchronized Optional<Txn> byOutTradeNo(String mchid, String outTradeNo) {
        return Optional.ofNullable(current(outTradeNo, clock.instant())).filter(t -> t.mchid().equals(mchid));
    }

    /** The paid transaction with this WeChat id, if it belongs to {@code mchid}. */
    public synchronized Optional<Txn> byTransactionId(String mchid, String transactionId) {
        return Optional.ofNullable(outTradeNoByTransactionId.get(transactionId)).map(byOutTradeNo::get)
                .filter(t -> t.mchid().equals(mchid));
    }

    /** The JSAPI transaction a {@code prepay_id} was issued for (expired or not: see {@link #credential}). */
    public synchronized Optional<Txn> byPrepayId(String prepayId) {
        return Optional.ofNullable(credentials.get(prepayId)).map(c -> current(c.outTradeNo(), clock.instant()));
    }

    /** The Native transaction a {@code code_url} was issued for (expired or not: see {@link #credential}). */
    public synchronized Optional<Txn> byCodeUrl(String codeUrl) {
        return Optional.ofNullable(credentials.get(codeUrl)).map(c -> current(c.outTradeNo(), clock.instant()));
    }

    /** The refund, if it exists. */
    public synchronized Optional<Refund> refund(String outRefundNo) {
        return Optional.ofNullable(refunds.get(outRefundNo));
    }

    /** Every transaction, oldest first. */
    public synchronized List<Txn> transactions() {
        Instant now = clock.instant();
        return new ArrayList<>(new ArrayList<>(byOutTradeNo.keySet()).stream().map(no -> current(no, now)).toList());
    }

    /** Every refund, oldest first. */
    public synchronized List<Refund> refunds() {
        return new ArrayList<>(refunds.values());
    }

    private Txn owned(String mchid, String outTradeNo, Instant now) {
        Txn t = current(outTradeNo, now);
        if (t == null || !t.mchid().equals(mchid)) {
            throw new WxError(404, "ORDER_NOT_EXIST", "out_trade_no " + outTradeNo + " does not exist");
        }
        return t;
    }

    private List<Refund> refundsOf(String outTradeNo) {
        return refunds.values().stream().filter(r -> r.outTradeNo().equals(outTradeNo)).toList();
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
