package looklook.mqueue.job.logic;

import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.CloseHomestayOrderJob;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.jobq.JobHandler;
import looklook.pkg.jobq.SkipRetryException;
import looklook.pkg.jobq.Task;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code defer:homestay_order:close}: an order still unpaid when its pay window ends is cancelled,
 * but only after every payment of it was settled at WeChat, so a payment WeChat took at the last
 * moment makes the order paid instead of leaving a cancelled order with money taken.
 */
public final class CloseHomestayOrderHandler implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(CloseHomestayOrderHandler.class);
    private final ServiceContext svc;

    public CloseHomestayOrderHandler(ServiceContext svc) {
        this.svc = svc;
    }

    @Override
    public void handle(Task task) {
        String sn = Jobs.payload(task.payload(), CloseHomestayOrderJob.class).sn();

        // 1. only a waiting order is closed; a replayed job finds it paid or cancelled already
        HomestayOrder order = Jobs.order(svc.orderRpc(), sn)
                .orElseThrow(() -> new SkipRetryException("order " + sn + " not found"));
        if (order.getTradeState() != OrderTradeState.WAIT_PAY.code()) {
            log.info("close order {}: trade state is {}, nothing to close", sn, order.getTradeState());
            return;
        }

        // 2. settle its payments at WeChat: paid ones count, unpaid ones are closed there for good
        SettleOrderPaymentsResp settled = RpcCalls.call(() -> svc.paymentRpc().settleOrderPayments(
                SettleOrderPaymentsReq.newBuilder().setOrderSn(sn).setCloseUnpaid(true).build()));
        if (settled.getPaid()) {
            // the pay event (through payment-rpc's outbox and order-mq) turns the order paid
            log.info("close order {}: a payment succeeded, the order is left to turn paid", sn);
            return;
        }
        if (settled.getStillWaiting() > 0) {
            // WeChat could not be asked: cancelling now could cancel an order whose payment goes through
            throw new IllegalStateException("close order " + sn + ": " + settled.getStillWaiting()
                    + " payment(s) still waiting at WeChat, retrying later");
        }

        // 3. cancel; a refusal means a pay event won the race, which is the outcome we want then
        try {
            var r = RpcCalls.call(() -> svc.orderRpc().updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder()
                    .setSn(sn).setTradeState(OrderTradeState.CANCELLED.code()).build()));
            log.info("close order {}: cancelled ({} payment(s) closed, changed={})", sn, settled.getClosed(), r.getChanged());
        } catch (BizException e) {
            if (!e.is(ErrorCode.ORDER_TRADE_STATE_FORBIDDEN)) {
                throw e;
            }
            log.info("close order {}: not cancelled, it changed meanwhile ({})", sn, e.userMessage());
        }
    }
}
