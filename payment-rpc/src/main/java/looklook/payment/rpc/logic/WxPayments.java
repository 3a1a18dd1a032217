package looklook.payment.rpc.logic;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.jsapi.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayStatus;
import looklook.proto.payment.UpdateTradeStateReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What payment-rpc asks WeChat itself (the close job and the reconcile tick): query a transaction,
 * close it, and apply a SUCCESS found there with the same checks as a notify (mchid, appid,
 * amount) and the same compare-and-set.
 */
final class WxPayments {
    private static final Logger log = LoggerFactory.getLogger(WxPayments.class);

    private WxPayments() {
    }

    /** WeChat's view of the payment; empty when WeChat never heard of it (the prepay did not reach it). */
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

    /** Closes the transaction at WeChat, so it can no longer be paid. */
    static void close(ServiceContext svc, String sn) {
        CloseOrderRequest c = new CloseOrderRequest();
        c.setMchid(svc.config().wxPayConf().mchId());
        c.setOutTradeNo(sn);
        svc.wxPay().jsapi().closeOrder(c);
    }

    /** True when {@code t} says the payment succeeded. */
    static boolean succeeded(Transaction t) {
        return t.getTradeState() == Transaction.TradeStateEnum.SUCCESS;
    }

    /**
     * Applies a SUCCESS from WeChat; returns true when the payment is paid now. A transaction that is
     * not ours (merchant, app, amount) changes nothing; one WeChat took for a payment we closed is
     * logged for a person to refund.
     */
    static boolean applySuccess(ServiceContext svc, ThirdPayment p, Transaction t) {
        var conf = svc.config().wxPayConf();
        Integer total = t.getAmount() == null ? null : t.getAmount().getTotal();
        if (!conf.mchId().equals(t.getMchid()) || !conf.appId().equals(t.getAppid()) || total == null || total != p.payTotal()) {
            log.warn("payment {} of order {}: WeChat transaction does not match (mchid {}, appid {}, total {}): not applied",
                    p.sn(), p.orderSn(), t.getMchid(), t.getAppid(), total);
            return false;
        }
        try {
            new UpdateTradeStateLogic(svc).updateTradeState(UpdateTradeStateReq.newBuilder()
                    .setSn(p.sn()).setPayStatus(PayStatus.SUCCESS.code()).setTradeState(t.getTradeState().name())
                    .setTransactionId(nz(t.getTransactionId()))
                    .setTradeType(t.getTradeType() == null ? "" : t.getTradeType().name())
                    .setTradeStateDesc(nz(t.getTradeStateDesc())).setPayTime(epochSecond(t.getSuccessTime()))
                    .build());
            return true;
        } catch (BizException e) {
            if (!e.is(ErrorCode.PAYMENT_PAY_STATUS_FORBIDDEN)) {
                throw e;
            }
            log.error("payment {} of order {}: WeChat reports SUCCESS (transaction {}) but {}: needs a refund",
                    p.sn(), p.orderSn(), t.getTransactionId(), e.userMessage());
            return false;
        }
    }

    /** Marks a payment closed here (after WeChat closed it, or never knew it). */
    static void markClosed(ServiceContext svc, ThirdPayment p, String tradeState) {
        new UpdateTradeStateLogic(svc).updateTradeState(UpdateTradeStateReq.newBuilder()
                .setSn(p.sn()).setPayStatus(PayStatus.CLOSED.code()).setTradeState(tradeState).build());
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
