package looklook.mqueue.job.logic;

import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.jobq.SkipRetryException;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the close job and the repair tick do with an order whose pay window ended: settle its
 * payments at WeChat; if one took the money the order turns paid here and now (a compare-and-set,
 * so the pay event arriving too is harmless; order-rpc queues the user's notification with it); if none
 * can take money any more, the order is cancelled. This does not wait for the pay event: that event
 * may be stuck behind an outage, and the order must not wait with it.
 */
final class OrderCloser {
    private static final Logger log = LoggerFactory.getLogger(OrderCloser.class);

    /** How an order came out. */
    enum Closed { NOT_WAITING, PAID, CANCELLED, STILL_WAITING }

    private final ServiceContext svc;

    OrderCloser(ServiceContext svc) {
        this.svc = svc;
    }

    /** Settles {@code sn}; a failure of a dependency is thrown (the caller retries). */
    Closed close(String sn) {
        // 1. only a waiting order is closed; a replayed job finds it paid or cancelled already
        HomestayOrder order = Jobs.order(svc.orderRpc(), sn)
                .orElseThrow(() -> new SkipRetryException("order " + sn + " not found"));
        if (order.getTradeState() != OrderTradeState.WAIT_PAY.code()) {
            return Closed.NOT_WAITING;
        }

        // 2. settle its payments at WeChat: paid ones count, unpaid ones are closed there for good (one no code of
        // which was ever handed out is closed in payment-rpc alone: nobody can pay it)
        SettleOrderPaymentsResp settled = RpcCalls.call(() -> svc.paymentRpc().settleOrderPayments(
                SettleOrderPaymentsReq.newBuilder().setOrderSn(sn).setCloseUnpaid(true).build()));
        if (settled.getPaid()) {
            return paid(sn) ? Closed.PAID : Closed.NOT_WAITING;
        }
        if (settled.getStillWaiting() > 0) {
            // WeChat could not be asked, or may still take money: cancelling now could cancel a paid order
            log.info("close order {}: {} payment(s) still open at WeChat", sn, settled.getStillWaiting());
            return Closed.STILL_WAITING;
        }

        // 3. cancel; a refusal means a pay event won the race, which is the outcome we want then
        return move(sn, OrderTradeState.CANCELLED) ? Closed.CANCELLED : Closed.NOT_WAITING;
    }

    private boolean paid(String sn) {
        // order-rpc queues the user's notification with the move (its outbox): once, whoever moves it
        return move(sn, OrderTradeState.PAID);
    }

    /** Moves the order; false when order-rpc refuses because it moved elsewhere meanwhile. */
    private boolean move(String sn, OrderTradeState to) {
        try {
            var r = RpcCalls.call(() -> svc.orderRpc().updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder()
                    .setSn(sn).setTradeState(to.code()).build()));
            log.info("close order {}: {} (changed={})", sn, to, r.getChanged());
            return true;
        } catch (BizException e) {
            if (!e.is(ErrorCode.ORDER_TRADE_STATE_FORBIDDEN)) {
                throw e;
            }
            log.info("close order {}: not moved to {}, it changed meanwhile ({})", sn, to, e.userMessage());
            return false;
        }
    }
}
