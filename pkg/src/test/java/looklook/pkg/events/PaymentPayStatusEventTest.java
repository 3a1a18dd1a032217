package looklook.pkg.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pay status event on the wire: what older builds and payStatus 1 send is still read; refunds carry their amount. */
class PaymentPayStatusEventTest {
    private static final String PAID = "{\"payStatus\":1,\"orderSn\":\"HSO1\",\"paymentSn\":\"PMT1\",\"eventId\":\"e1\",\"occurredAt\":5}";

    @Test
    void aPaidEvent_hasNoRefundAmountOnTheWire_andReadsBackWithout() {
        PaymentPayStatusEvent e = Payloads.read(PAID, PaymentPayStatusEvent.class);
        assertThat(e.refundAmount()).isNull();
        assertThat(Payloads.write(e)).isEqualTo(PAID);
    }

    @Test
    void aRefundedEvent_carriesItsAmount() {
        PaymentPayStatusEvent e = new PaymentPayStatusEvent(2, "HSO1", "PMT1", "e2", 6L, 40_400L);
        assertThat(Payloads.write(e)).endsWith(",\"refundAmount\":40400}");
        assertThat(Payloads.read(Payloads.write(e), PaymentPayStatusEvent.class)).isEqualTo(e);
    }

    @Test
    void aMissingRequiredField_isStillRefused() {
        assertThatThrownBy(() -> Payloads.read("{\"payStatus\":1,\"paymentSn\":\"PMT1\",\"eventId\":\"e1\",\"occurredAt\":5}",
                PaymentPayStatusEvent.class)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orderSn");
    }
}
