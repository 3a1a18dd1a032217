package looklook.payment.rpc.logic;

import java.time.Instant;
import java.util.UUID;
import looklook.payment.rpc.model.PayStatus;
import looklook.pkg.outbox.OutboxEvent;

/**
 * The {@code payment-update-paystatus-topic} record telling order-mq that a payment of an order
 * succeeded or was refunded. Keyed by the ORDER sn, so one order's events stay in order on one
 * partition (looklook sent the payment sn as orderSn, so its orders never turned paid).
 */
record PayStatusEvent(PayStatus payStatus, String orderSn, String paymentSn, String eventId, Instant occurredAt) {
    static final String TOPIC = "payment-update-paystatus-topic";

    static PayStatusEvent of(PayStatus to, String orderSn, String paymentSn, Instant now) {
        return new PayStatusEvent(to, orderSn, paymentSn, UUID.randomUUID().toString(), now);
    }

    OutboxEvent outbox() {
        return OutboxEvent.kafka(eventId, TOPIC, orderSn, json());
    }

    /** The record value; every part is digits, letters or a UUID, so it needs no escaping. */
    String json() {
        return "{\"payStatus\":" + payStatus.code() + ",\"orderSn\":\"" + orderSn + "\",\"paymentSn\":\"" + paymentSn
                + "\",\"eventId\":\"" + eventId + "\",\"occurredAt\":" + occurredAt.toEpochMilli() + "}";
    }
}
