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

    /** {@code refundAmount}: with {@code to} refunded, the fen that went back (else ignored). */
    static OutboxEvent of(PayStatus to, String orderSn, String paymentSn, long refundAmount, Instant now) {
        PaymentPayStatusEvent e = new PaymentPayStatusEvent(to.code(), orderSn, paymentSn, UUID.randomUUID().toString(),
                now.toEpochMilli(), to == PayStatus.REFUNDED ? refundAmount : null);
        return OutboxEvent.kafka(e.eventId(), PaymentPayStatusEvent.TOPIC, orderSn, Payloads.write(e));
    }
}
