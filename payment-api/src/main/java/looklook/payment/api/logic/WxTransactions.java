package looklook.payment.api.logic;

import com.wechat.pay.java.service.payments.model.Transaction;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.GetPaymentBySnReq;
import looklook.proto.payment.GetPaymentBySnResp;
import looklook.proto.payment.PaymentDetail;
import looklook.proto.payment.UpdateTradeStateReq;
import looklook.proto.payment.UpdateTradeStateResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what WeChat says about one of our payments, from a notify or from a query, with the same
 * checks either way: the payment exists, mchid and appid are ours, amount.total is what we asked
 * for; then a SUCCESS moves the payment (payment-rpc's compare-and-set makes repeats harmless).
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
        CONFLICT("conflict");

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
        String sn = t.getOutTradeNo() == null ? "" : t.getOutTradeNo();
        PaymentDetail p = sn.matches("PMT\\d{22}") ? find(svc, sn) : null;
        if (p == null) {
            return result(Outcome.UNKNOWN, "out_trade_no " + sn + " is not one of our payments", null);
        }
        String mchId = svc.config().wxPayConf().mchId();
        String appId = svc.config().wxPayConf().appId();
        Integer total = t.getAmount() == null ? null : t.getAmount().getTotal();
        if (!mchId.equals(t.getMchid())) {
            return result(Outcome.MISMATCH, "payment " + sn + ": mchid " + t.getMchid() + " (expected " + mchId + ")", p);
        }
        if (!appId.equals(t.getAppid())) {
            return result(Outcome.MISMATCH, "payment " + sn + ": appid " + t.getAppid() + " (expected " + appId + ")", p);
        }
        if (total == null || total != p.getPayTotal()) {
            return result(Outcome.MISMATCH, "payment " + sn + " of order " + p.getOrderSn() + ": amount.total " + total
                    + " fen (expected " + p.getPayTotal() + ")", p);
        }
        if (t.getTradeState() != Transaction.TradeStateEnum.SUCCESS) {
            // WeChat notifies only successes; a query may say NOTPAY/USERPAYING/CLOSED: closing is the close job's call
            return result(Outcome.IGNORED, "payment " + sn + ": trade_state " + t.getTradeState() + ", nothing to apply", p);
        }
        try {
            UpdateTradeStateResp r = RpcCalls.call(() -> svc.paymentRpc().updateTradeState(UpdateTradeStateReq.newBuilder()
                    .setSn(sn).setPayStatus(PAY_STATUS_SUCCESS).setTradeState(t.getTradeState().name())
                    .setTransactionId(nz(t.getTransactionId()))
                    .setTradeType(t.getTradeType() == null ? "" : t.getTradeType().name())
                    .setTradeStateDesc(nz(t.getTradeStateDesc())).setPayTime(epochSecond(t.getSuccessTime()))
                    .build()));
            return r.getChanged()
                    ? result(Outcome.APPLIED, "payment " + sn + " of order " + p.getOrderSn() + " paid", r.getPaymentDetail())
                    : result(Outcome.DUPLICATE, "payment " + sn + " was already paid", r.getPaymentDetail());
        } catch (BizException e) {
            if (!e.is(ErrorCode.PAYMENT_PAY_STATUS_FORBIDDEN)) {
                throw e;
            }
            // WeChat took money for a payment we closed or failed: retrying cannot fix it, a person (or a refund) must
            log.error("payment {} of order {}: WeChat reports SUCCESS (transaction {}) but {}", sn, p.getOrderSn(),
                    t.getTransactionId(), e.userMessage());
            return result(Outcome.CONFLICT, e.userMessage(), p);
        }
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

    private static long epochSecond(String rfc3339) {
        try {
            return rfc3339 == null ? 0 : OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
