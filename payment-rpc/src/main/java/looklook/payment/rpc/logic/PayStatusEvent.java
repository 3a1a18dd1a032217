package looklook.payment.rpc.logic;

import java.time.Instant;
import java.util.UUID;
import looklook.pkg.events.PayStatus;
import looklook.pkg.events.Payloads;
import looklook.pkg.events.PaymentPayStatusEvent;
import looklook.pkg.outbox.OutboxEvent;

/** The outbox row announcing a payment's new status on {@link PaymentPayStatusEvent#TOPIC}, keyed by the order sn. */
final class PayStatusEvent {
    private PayStatusEvent() {
    }

    static OutboxEvent of(PayStatus to, String orderSn, String paymentSn, Instant now) {
        PaymentPayStatusEvent e = new PaymentPayStatusEvent(to.code(), orderSn, paymentSn, UUID.randomUUID().toString(),
                now.toEpochMilli());
        return OutboxEvent.kafka(e.eventId(), PaymentPayStatusEvent.TOPIC, orderSn, Payloads.write(e));
    }
}
