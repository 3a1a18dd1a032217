package looklook.pkg.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import looklook.pkg.conf.OptionalKey;

/**
 * The {@code payment-update-paystatus-topic} record: a payment of an order succeeded (payStatus 1)
 * or was refunded (2). Published by payment-rpc through its outbox (at least once), consumed by
 * order-mq, for which a repeat is harmless: order state moves are compare-and-set and the
 * notify-user job has one id per order. {@code eventId} identifies the event in logs and DLQs. Keyed by the ORDER sn, so one order's events stay in order on one
 * partition (looklook sent the payment sn as orderSn, so its orders never turned paid).
 *
 * @param occurredAt epoch ms
 * @param refundAmount with payStatus 2: the fen of the payment that went back (absent with payStatus 1
 *                     and in events of older builds)
 */
public record PaymentPayStatusEvent(Integer payStatus, String orderSn, String paymentSn, String eventId, Long occurredAt,
                                    @OptionalKey @JsonInclude(JsonInclude.Include.NON_NULL) Long refundAmount) {
    /** The topic, as looklook names it. */
    public static final String TOPIC = "payment-update-paystatus-topic";

    public PaymentPayStatusEvent {
        requireNonNull(orderSn, "orderSn");
    }
}
