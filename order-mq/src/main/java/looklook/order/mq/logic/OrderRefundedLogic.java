package looklook.order.mq.logic;

import looklook.order.mq.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.events.PaymentPayStatusEvent;
import looklook.pkg.kafka.PoisonMessageException;
import looklook.proto.order.UpdateHomestayOrderTradeStateResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** payStatus 2: the order's payment was refunded, so the order turns refunded. */
public final class OrderRefundedLogic {
    private static final Logger log = LoggerFactory.getLogger(OrderRefundedLogic.class);
    private final ServiceContext svc;

    public OrderRefundedLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public void orderRefunded(PaymentPayStatusEvent e) {
        UpdateHomestayOrderTradeStateResp order;
        try {
            order = OrderStates.move(svc, e.orderSn(), OrderTradeState.REFUNDED);
        } catch (BizException refused) {
            if (!OrderStates.refused(refused)) {
                throw refused;
            }
            refundOfUnpaidOrder(e);
            return;
        }
        log.info("pay event {} order {} payment {}: order {}", e.eventId(), e.orderSn(), e.paymentSn(),
                order.getChanged() ? "refunded" : "was already refunded");
    }

    private void refundOfUnpaidOrder(PaymentPayStatusEvent e) {
        OrderTradeState now = OrderStates.current(svc, e.orderSn());
        if (now == OrderTradeState.CANCELLED) {
            // the refund of a payment that arrived after the order was closed: the order stays cancelled
            log.info("pay event {} order {} payment {}: refund of a cancelled order's payment, order stays {}",
                    e.eventId(), e.orderSn(), e.paymentSn(), now);
            return;
        }
        // waiting, used or expired: no rule says what the order should become; a person decides
        throw new PoisonMessageException("order " + e.orderSn() + " is " + now + ": payment " + e.paymentSn()
                + " was refunded but the order cannot turn refunded", null);
    }
}
