package looklook.pkg.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaymentPayStatusEventTest {
    @Test
    void aSuccessEvent_withoutRefundAmount_isRead_asPaymentRpcWritesIt() {
        PaymentPayStatusEvent paid = new PaymentPayStatusEvent(1, "HSO1", "PMT1", "ev-1", 1L, null);
        String json = Payloads.write(paid);
        assertThat(json).doesNotContain("refundAmount");
        assertThat(Payloads.read(json, PaymentPayStatusEvent.class)).isEqualTo(paid);
    }

    @Test
    void aRefundEvent_keepsItsAmount_andAMissingOrderSnIsStillRefused() {
        PaymentPayStatusEvent refunded = new PaymentPayStatusEvent(2, "HSO1", "PMT1", "ev-2", 1L, 500L);
        assertThat(Payloads.read(Payloads.write(refunded), PaymentPayStatusEvent.class).refundAmount()).isEqualTo(500L);
        assertThatThrownBy(() -> Payloads.read("{\"payStatus\":1,\"paymentSn\":\"PMT1\",\"eventId\":\"e\",\"occurredAt\":1}",
                PaymentPayStatusEvent.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
