package looklook.payment.api.logic;

import com.wechat.pay.java.service.payments.model.Transaction;
import java.util.Optional;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.wechat.WxPayConf;
import looklook.pkg.wechat.WxTimes;
import looklook.pkg.wechat.WxTransactionCheck;
import looklook.proto.payment.GetPaymentBySnReq;
import looklook.proto.payment.GetPaymentBySnResp;
import looklook.proto.payment.PaymentDetail;
import looklook.proto.payment.UpdateTradeStateReq;
import looklook.proto.payment.UpdateTradeStateResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what WeChat says about one of our payments, from a notify or from a query, with the same
 * checks either way ({@link WxTransactionCheck}, shared with payment-rpc's own queries); then a
 * SUCCESS moves the payment (payment-rpc's compare-and-set makes repeats harmless, and turns money for
 * a payment closed here into a refund).
 * Failures of payment-rpc itself are thrown (the notify must be retried), not turned into outcomes.
 */
final class WxTransactions {
    private static final Logger log = LoggerFactory.getLogger(WxTransactions.class);
    private static final int PAY_STATUS_SUCCESS = PayStatus.SUCCESS.code();

    /** What came of one transaction report; {@code code()} is what the audit table stores. */
    enum Outcome {
        APPLIED("applied"),
        DUPLICATE("duplicate"),
        IGNORED("ignored"),
        UNKNOWN("unknown"),
        MISMATCH("mismatch"),
        /** WeChat took money for a payment closed here: it is being refunded. */
        LATE("late");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }

        /** True when WeChat should stop sending it (a 2xx): repeating it would change nothing. */
        boolean settled() {
            return this != UNKNOWN && this != MISMATCH;
        }
    }

    /** The outcome, why, and the payment as it is now (absent when unknown). */
    record Result(Outcome outcome, String detail, PaymentDetail payment) {
    }

    private WxTransactions() {
    }

    static Result apply(ServiceContext svc, Transaction t) {
        String sn = nz(t.getOutTradeNo());
        if (!SnPrefix.THIRD_PAYMENT.matches(sn)) {
            return unknown(sn);
        }
        WxPayConf conf = svc.config().wxPayConf();
        if (WxTransactionCheck.tookMoney(t) && WxTransactionCheck.onlyAmountToCompare(conf, t, sn) && !nz(t.getTransactionId()).isBlank()) {
            // a payment's notify: payment-rpc compares the amount as it moves the payment, one call instead of a read
            // first (a report without a transaction id takes the long way: refused by payment-rpc only if it is ours)
            return paid(svc, t, sn);
        }
        PaymentDetail p = find(svc, sn);
        if (p == null) {
            return unknown(sn);
        }
        Optional<String> bad = WxTransactionCheck.mismatch(conf, t, sn, p.getPayTotal());
        if (bad.isPresent()) {
            return result(Outcome.MISMATCH, bad.get() + " (order " + p.getOrderSn() + ")", p);
        }
        if (!WxTransactionCheck.tookMoney(t)) {
            // WeChat notifies only successes; a query may say NOTPAY/USERPAYING/CLOSED: closing is the close job's call
            return result(Outcome.IGNORED, "payment " + sn + ": trade_state " + t.getTradeState() + ", nothing to apply", p);
        }
        return paid(svc, t, sn);
    }

    /** Moves payment {@code sn} to paid if {@code t}'s amount is its own; {@code t} took money and is otherwise consistent. */
    private static Result paid(ServiceContext svc, Transaction t, String sn) {
        UpdateTradeStateResp r;
        try {
            r = RpcCalls.call(() -> svc.paymentRpc().updateTradeState(UpdateTradeStateReq.newBuilder()
                    .setSn(sn).setPayStatus(PAY_STATUS_SUCCESS).setTradeState(t.getTradeState().name())
                    .setTransactionId(nz(t.getTransactionId()))
                    .setTradeType(t.getTradeType() == null ? "" : t.getTradeType().name())
                    .setTradeStateDesc(nz(t.getTradeStateDesc())).setPayTime(WxTimes.epochSecond(t.getSuccessTime()))
                    .setExpectPayTotal(t.getAmount().getTotal())
                    .build()));
        } catch (BizException e) {
            if (e.is(ErrorCode.PAYMENT_NOT_FOUND)) {
                return unknown(sn);
            }
            throw e;
        }
        PaymentDetail p = r.getPaymentDetail();
        if (r.getPayTotalMismatch()) {
            String why = WxTransactionCheck.mismatch(svc.config().wxPayConf(), t, sn, p.getPayTotal()).orElseThrow();
            return result(Outcome.MISMATCH, why + " (order " + p.getOrderSn() + ")", p);
        }
        if (p.getPayStatus() != PAY_STATUS_SUCCESS) {
            // money for a payment closed here: payment-rpc keeps it and refunds it; the order stays as it is
            return result(Outcome.LATE, "payment " + sn + " of order " + p.getOrderSn() + " was closed here: "
                    + (r.getChanged() ? "its refund is queued" : "already being refunded"), p);
        }
        return r.getChanged()
                ? result(Outcome.APPLIED, "payment " + sn + " of order " + p.getOrderSn() + " paid", p)
                : result(Outcome.DUPLICATE, "payment " + sn + " was already paid", p);
    }

    private static Result unknown(String sn) {
        return result(Outcome.UNKNOWN, "out_trade_no " + sn + " is not one of our payments", null);
    }

    private static PaymentDetail find(ServiceContext svc, String sn) {
        GetPaymentBySnResp r = RpcCalls.call(() -> svc.paymentRpc().getPaymentBySn(GetPaymentBySnReq.newBuilder().setSn(sn).build()));
        return r.hasPaymentDetail() ? r.getPaymentDetail() : null;
    }

    private static Result result(Outcome outcome, String detail, PaymentDetail p) {
        if (outcome == Outcome.UNKNOWN || outcome == Outcome.MISMATCH) {
            log.warn("wechat transaction refused: {}", detail);
        }
        return new Result(outcome, detail, p);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
