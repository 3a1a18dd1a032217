package looklook.order.mq.logic;

import looklook.order.mq.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.events.PaymentPayStatusEvent;
import looklook.pkg.kafka.PoisonMessageException;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * payStatus 2: the order's payment was refunded (the guest's cancellation, or a whole refund made by
 * the platform), so the order turns refunded from refunding or paid, keeping the fen that went back.
 */
public final class OrderRefundedLogic {
    private static final Logger log = LoggerFactory.getLogger(OrderRefundedLogic.class);
    private final ServiceContext svc;

    public OrderRefundedLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public void orderRefunded(PaymentPayStatusEvent e) {
        long amount = e.refundAmount() == null ? 0 : Math.max(0, e.refundAmount());
        UpdateHomestayOrderTradeStateReq req = UpdateHomestayOrderTradeStateReq.newBuilder()
                .setSn(e.orderSn()).setTradeState(OrderTradeState.REFUNDED.code()).setRefundAmount(amount).build();
        UpdateHomestayOrderTradeStateResp order;
        try {
            order = RpcCalls.call(() -> svc.orderRpc().updateHomestayOrderTradeState(req));
        } catch (BizException refused) {
            if (!OrderStates.refused(refused)) {
                throw OrderStates.poisonIfPermanent(e.orderSn(), refused);
            }
            refundOfOrderThatCannotTurnRefunded(e);
            return;
        }
        log.info("pay event {} order {} payment {}: order {} ({} fen back)", e.eventId(), e.orderSn(), e.paymentSn(),
                order.getChanged() ? "refunded" : "was already refunded", amount);
    }

    private void refundOfOrderThatCannotTurnRefunded(PaymentPayStatusEvent e) {
        OrderTradeState now = OrderStates.current(svc, e.orderSn());
        switch (now) {
            // the refund of a payment that arrived after the order was closed: the order stays cancelled;
            // a whole refund the platform made of a used or ended stay (a compensation): the stay happened
            case CANCELLED, USED, EXPIRED -> log.info("pay event {} order {} payment {}: payment refunded, order stays {}",
                    e.eventId(), e.orderSn(), e.paymentSn(), now);
            // waiting: no rule says what the order should become; a person decides
            default -> throw new PoisonMessageException("order " + e.orderSn() + " is " + now + ": payment " + e.paymentSn()
                    + " was refunded but the order cannot turn refunded", null);
        }
    }
}
