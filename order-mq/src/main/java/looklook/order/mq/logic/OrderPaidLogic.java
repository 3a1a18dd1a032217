package looklook.order.mq.logic;

import looklook.order.mq.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.events.PaymentPayStatusEvent;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.UpdateHomestayOrderTradeStateResp;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.RefundPaymentResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * payStatus 1: the order turns paid, then the user's pay-success notification is queued; a payment
 * for an order cancelled meanwhile is refunded instead.
 */
public final class OrderPaidLogic {
    private static final Logger log = LoggerFactory.getLogger(OrderPaidLogic.class);
    private final ServiceContext svc;

    public OrderPaidLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public void orderPaid(PaymentPayStatusEvent e) {
        // 1. wait pay -> paid; an order already paid answers changed=false
        UpdateHomestayOrderTradeStateResp order;
        try {
            order = OrderStates.move(svc, e.orderSn(), OrderTradeState.PAID);
        } catch (BizException refused) {
            if (!OrderStates.refused(refused)) {
                throw refused;
            }
            paidTooLate(e);
            return;
        }
        // order-rpc queued the user's notification in the same transaction (its outbox): once per order
        log.info("pay event {} order {} payment {}: order {}", e.eventId(), e.orderSn(), e.paymentSn(),
                order.getChanged() ? "paid, user's notification queued by order-rpc" : "was already paid");
    }

    /** order-rpc refused the move: the order left wait-pay another way before this payment arrived. */
    private void paidTooLate(PaymentPayStatusEvent e) {
        OrderTradeState now = OrderStates.current(svc, e.orderSn());
        if (now == OrderTradeState.CANCELLED) {
            // WeChat took the money for an order that was closed meanwhile: give it back. A failure
            // throws, so the event is never dropped: payment-rpc down or WeChat Pay busy (130007) holds
            // it until they answer; a refusal is retried, then dead-lettered with the reason.
            RefundPaymentResp r = RpcCalls.call(() -> svc.paymentRpc().refundPayment(RefundPaymentReq.newBuilder()
                    .setOrderSn(e.orderSn()).setPaymentSn(e.paymentSn()).setReason("order closed before the payment arrived").build()));
            log.warn("pay event {} order {} payment {}: the order was cancelled, refund {} asked (status {})",
                    e.eventId(), e.orderSn(), e.paymentSn(), r.getRefundSn(), r.getRefundStatus());
            return;
        }
        // used, refunded or expired: only a paid order gets there, so this is a stale redelivery of the
        // event that paid it; its notify job was queued then (queueing again could notify twice)
        log.info("pay event {} order {} payment {}: ignored, order is already {}", e.eventId(), e.orderSn(), e.paymentSn(), now);
    }
}
