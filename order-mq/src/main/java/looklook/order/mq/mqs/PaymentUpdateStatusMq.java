package looklook.order.mq.mqs;

import looklook.order.mq.logic.OrderPaidLogic;
import looklook.order.mq.logic.OrderRefundedLogic;
import looklook.order.mq.svc.ServiceContext;
import looklook.pkg.events.PayStatus;
import looklook.pkg.events.Payloads;
import looklook.pkg.events.PaymentPayStatusEvent;
import looklook.pkg.kafka.KafkaQueue;
import looklook.pkg.kafka.PoisonMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code payment-update-paystatus-topic} (looklook's PaymentUpdateStatusMq): a payment that
 * succeeded makes its order paid (order-rpc queues the user's notification with that move); a refunded
 * one makes it refunded.
 *
 * <p>Redelivery is expected (a crash or rebalance before the offset commit, a replayed dead letter)
 * and there is no dedupe store keyed by {@code eventId}: each effect is idempotent by itself. The order
 * moves by a compare-and-set in order-rpc, where moving to the state the order already has succeeds
 * without change, and only the move itself writes the notify job. So a
 * repeated event changes nothing twice, and no second store can disagree with the orders table.
 *
 * <p>Failures, as the queue tells them apart: an event that can never apply (not JSON, an unknown
 * order, a refund order-rpc cannot apply) is poison, dead-lettered at once; order-rpc, payment-rpc
 * or their databases being down (gRPC UNAVAILABLE or DEADLINE_EXCEEDED, 100005, WeChat Pay busy) is
 * an outage, during which the event waits without spending its tries; anything else
 * is counted against {@code Attempts}.
 */
public final class PaymentUpdateStatusMq implements KafkaQueue.Handler {
    private static final Logger log = LoggerFactory.getLogger(PaymentUpdateStatusMq.class);
    private final ServiceContext svc;

    public PaymentUpdateStatusMq(ServiceContext svc) {
        this.svc = svc;
    }

    @Override
    public void handle(ConsumerRecord<String, String> record) {
        PaymentPayStatusEvent e = parse(record);
        PayStatus status = PayStatus.of(e.payStatus()).filter(PayStatus::published).orElse(null);
        if (status == null) {
            log.info("pay event {} order {} payment {}: payStatus {} ignored (only 1 success and 2 refunded move an order)",
                    e.eventId(), e.orderSn(), e.paymentSn(), e.payStatus());
            return;
        }
        switch (status) {
            case SUCCESS -> new OrderPaidLogic(svc).orderPaid(e);
            case REFUNDED -> new OrderRefundedLogic(svc).orderRefunded(e);
            default -> throw new IllegalStateException("published pay status " + status);
        }
    }

    private static PaymentPayStatusEvent parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new PoisonMessageException("empty value", null);
        }
        try {
            return Payloads.read(record.value(), PaymentPayStatusEvent.class);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }
}
