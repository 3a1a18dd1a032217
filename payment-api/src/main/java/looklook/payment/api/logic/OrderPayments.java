package looklook.payment.api.logic;

import com.wechat.pay.java.core.exception.WechatPayException;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.events.PayMode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.GetPaymentsByOrderSnReq;
import looklook.proto.payment.GetPaymentBySnReq;
import looklook.proto.payment.GetPaymentBySnResp;
import looklook.proto.payment.PaymentDetail;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.pkg.errors.BizException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a front end polls after paying, whatever the channel, never trusting the client-side result:
 * the caller's order and the payment that tells most about it. A payment still waiting a while after
 * its creation is asked about at its provider (its notify may be lost), at most once per payment per
 * {@code QueryWaitingPaymentEvery} whoever polls, and a payment found there is applied exactly as a
 * notify would be: WeChat's by this process (one query URL for JSAPI and Native alike), any other
 * channel's by payment-rpc (SettleOrderPayments without closing), which alone talks to Alipay after the precreate.
 */
final class OrderPayments {
    private static final Logger log = LoggerFactory.getLogger(OrderPayments.class);
    private static final long WAIT = PayStatus.WAIT.code();

    /** The order's trade state and its most telling payment (absent before the first prepay). */
    record Shown(long orderTradeState, Optional<PaymentDetail> payment) {
        long payStatus() {
            return payment.map(PaymentDetail::getPayStatus).orElse(WAIT);
        }
    }

    private OrderPayments() {
    }

    static Shown of(ServiceContext svc, long userId, String orderSn) {
        HomestayOrder order = Orders.owned(svc, userId, orderSn);
        List<PaymentDetail> payments = RpcCalls.call(() -> svc.paymentRpc().getPaymentsByOrderSn(
                GetPaymentsByOrderSnReq.newBuilder().setOrderSn(orderSn).build())).getListList();
        Optional<PaymentDetail> shown = mostTelling(payments);
        if (shown.isPresent() && shown.get().getPayStatus() == WAIT && waitedLongEnough(svc, shown.get())
                && svc.providerQueries().first(shown.get().getSn())) {
            shown = Optional.of(PayMode.WECHAT_PAY.code().equals(shown.get().getPayMode()) ? askWechat(svc, shown.get())
                    : askPaymentRpc(svc, shown.get()));
        }
        return new Shown(order.getTradeState(), shown);
    }

    /** The payment that took the money if one did (success or refunded), else the newest. */
    private static Optional<PaymentDetail> mostTelling(List<PaymentDetail> newestFirst) {
        return newestFirst.stream().filter(p -> PayStatus.of(p.getPayStatus()).map(PayStatus::paidOrder).orElse(false)).findFirst()
                .or(() -> newestFirst.stream().max(Comparator.comparingLong(PaymentDetail::getId)));
    }

    private static boolean waitedLongEnough(ServiceContext svc, PaymentDetail p) {
        return svc.clock().millis() - p.getCreateTime() * 1000 >= svc.config().queryWaitingPaymentAfter();
    }

    /**
     * The payment after payment-rpc asked its provider (its channel: Alipay) and applied a payment found
     * there, without closing anything; unchanged when that cannot be done now.
     */
    private static PaymentDetail askPaymentRpc(ServiceContext svc, PaymentDetail p) {
        try {
            RpcCalls.call(() -> svc.paymentRpc().settleOrderPayments(SettleOrderPaymentsReq.newBuilder()
                    .setOrderSn(p.getOrderSn()).setCloseUnpaid(false).build()));
            GetPaymentBySnResp now = RpcCalls.call(() -> svc.paymentRpc().getPaymentBySn(
                    GetPaymentBySnReq.newBuilder().setSn(p.getSn()).build()));
            return now.hasPaymentDetail() ? now.getPaymentDetail() : p;
        } catch (BizException | StatusRuntimeException e) {
            log.warn("payment {} of order {}: {} query through payment-rpc failed, answering from our records: {}", p.getSn(),
                    p.getOrderSn(), p.getPayMode(), e.toString());
            return p;
        }
    }

    /** The payment after applying WeChat's answer; unchanged when WeChat cannot be asked now. */
    private static PaymentDetail askWechat(ServiceContext svc, PaymentDetail p) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(svc.config().wxPayConf().mchId());
        q.setOutTradeNo(p.getSn());
        Transaction t;
        try {
            t = svc.wxPay().jsapiExtension().queryOrderByOutTradeNo(q);
        } catch (WechatPayException | IllegalArgumentException e) {
            log.warn("payment {} of order {}: WeChat query failed, answering from our records: {}", p.getSn(), p.getOrderSn(), e.toString());
            return p;
        }
        WxTransactions.Result r = WxTransactions.apply(svc, t);
        log.info("payment {} of order {} queried at WeChat: trade_state={} outcome={}", p.getSn(), p.getOrderSn(),
                t.getTradeState(), r.outcome().code());
        return r.payment() == null ? p : r.payment();
    }
}
