package looklook.payment.rpc.logic;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.jsapi.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.events.PayStatus;
import looklook.pkg.wechat.WxTimes;
import looklook.pkg.wechat.WxTransactionCheck;
import looklook.proto.payment.UpdateTradeStateReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What payment-rpc asks WeChat itself (the close job, the reconcile tick): query a transaction,
 * close it, and apply a SUCCESS found there with the same checks as a notify
 * ({@link WxTransactionCheck}) and the same compare-and-set.
 */
final class WxPayments {
    private static final Logger log = LoggerFactory.getLogger(WxPayments.class);
    /** What a SUCCESS reported by WeChat did here. */
    enum Applied {
        /** The payment succeeded: its order must turn paid. */
        PAID,
        /** Late money for a payment closed here: kept and being refunded; the order is not paid by it. */
        REFUNDING,
        /** Not ours or not what we asked for: nothing changed. */
        MISMATCH
    }

    private WxPayments() {
    }

    /** WeChat's view of the payment; empty when WeChat never heard of it (the prepay did not reach it, yet). */
    static Optional<Transaction> query(ServiceContext svc, String sn) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(svc.config().wxPayConf().mchId());
        q.setOutTradeNo(sn);
        try {
            return Optional.of(svc.wxPay().jsapi().queryOrderByOutTradeNo(q));
        } catch (ServiceException e) {
            if ("ORDER_NOT_EXIST".equals(e.getErrorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Closes the transaction at WeChat, so it can no longer be paid. Without a believable "closed"
     * (an answer that does not verify, a failure, a timeout: the close may or may not have happened,
     * and the payer may have paid just before it) WeChat is asked how the transaction stands: empty
     * when it is CLOSED now, the transaction when it took money; otherwise the close's failure is
     * thrown and the caller tries again later.
     */
    static Optional<Transaction> closeOrFindPaid(ServiceContext svc, String sn) {
        CloseOrderRequest c = new CloseOrderRequest();
        c.setMchid(svc.config().wxPayConf().mchId());
        c.setOutTradeNo(sn);
        try {
            svc.wxPay().jsapi().closeOrder(c);
            return Optional.empty();
        } catch (RuntimeException e) {
            Optional<Transaction> now;
            try {
                now = query(svc, sn);
            } catch (RuntimeException q) {
                e.addSuppressed(q);
                throw e;
            }
            if (now.isPresent() && WxTransactionCheck.tookMoney(now.get())) {
                return now;
            }
            if (now.isPresent() && WxTransactionCheck.closedUnpaid(now.get())) {
                log.info("payment {}: close answered {}, yet WeChat reports it CLOSED", sn, e.toString());
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * True when we give {@code p} up although WeChat does not know it: its time_expire and the clock
     * grace have passed. WeChat still accepts a prepay that reaches it later (it moves a past
     * time_expire to a minute after the prepay), so such a payment can yet take money; that money is
     * late money, refunded when its notify, the reconcile or the daily bill reports it.
     */
    static boolean unpayableAtWeChat(ServiceContext svc, ThirdPayment p) {
        return svc.clock().millis() > (p.payableUntil() + svc.config().expiryGraceSeconds()) * 1000;
    }

    /** Applies money WeChat took ({@link WxTransactionCheck#tookMoney}: SUCCESS or REFUND) to {@code p}. */
    static Applied applySuccess(ServiceContext svc, ThirdPayment p, Transaction t) {
        Optional<String> bad = WxTransactionCheck.mismatch(svc.config().wxPayConf(), t, p.sn(), p.payTotal());
        if (bad.isPresent()) {
            log.warn("WeChat transaction {} does not match our payment, not applied: {}", t.getTransactionId(), bad.get());
            return Applied.MISMATCH;
        }
        var r = new UpdateTradeStateLogic(svc).updateTradeState(UpdateTradeStateReq.newBuilder()
                .setSn(p.sn()).setPayStatus(PayStatus.SUCCESS.code()).setTradeState(t.getTradeState().name())
                .setTransactionId(t.getTransactionId() == null ? "" : t.getTransactionId())
                .setTradeType(t.getTradeType() == null ? "" : t.getTradeType().name())
                .setTradeStateDesc(t.getTradeStateDesc() == null ? "" : t.getTradeStateDesc())
                .setPayTime(WxTimes.epochSecond(t.getSuccessTime()))
                .build());
        return PayStatus.of(r.getPaymentDetail().getPayStatus()).filter(PayStatus::paysOrder).isPresent()
                ? Applied.PAID : Applied.REFUNDING;
    }

    /** Marks a payment closed here (after WeChat closed it, or once WeChat can no longer take money for it). */
    static void markClosed(ServiceContext svc, ThirdPayment p, String tradeState) {
        new UpdateTradeStateLogic(svc).updateTradeState(UpdateTradeStateReq.newBuilder()
                .setSn(p.sn()).setPayStatus(PayStatus.CLOSED.code()).setTradeState(tradeState).build());
    }
}
