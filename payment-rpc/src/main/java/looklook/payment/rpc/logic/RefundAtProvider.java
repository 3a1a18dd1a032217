package looklook.payment.rpc.logic;

import looklook.payment.rpc.channel.ProviderRefund;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.proto.payment.UpdateRefundStatusReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refund's two conversations with its payment's provider (the payment's own channel): asking for
 * it (always under the refund sn, so asking again is answered with the same refund, never a second
 * one) and asking how a refund the provider accepted ended. Each answer is recorded; a final one
 * settles the refund.
 */
final class RefundAtProvider {
    private static final Logger log = LoggerFactory.getLogger(RefundAtProvider.class);

    private RefundAtProvider() {
    }

    /**
     * Asks the provider to refund {@code r} of {@code paid}; returns its status. A refusal is thrown
     * ({@code ChannelRefusal}); an unknown outcome the channel could not settle is thrown too, and the
     * refund pump asks again later (under the same refund sn, never a second refund).
     */
    static ProviderRefund.Status ask(ServiceContext svc, ThirdRefund r, ThirdPayment paid) {
        ProviderRefund answer = svc.channels().of(paid).askRefund(r, paid);
        long now = svc.clock().millis();
        svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.accepted(r.sn(), now, now + svc.config().refundQueryAfterMs()));
        log.info("refund {} of payment {} (order {}) asked of {}: {}", r.sn(), paid.sn(), paid.orderSn(), paid.payMode(),
                answer.status());
        settleIfFinal(svc, r, answer);
        return answer.status();
    }

    /** Asks the provider how {@code r} of {@code paid} stands; returns its status. */
    static ProviderRefund.Status query(ServiceContext svc, ThirdRefund r, ThirdPayment paid) {
        ProviderRefund answer = svc.channels().of(paid).queryRefund(r, paid);
        settleIfFinal(svc, r, answer);
        return answer.status();
    }

    private static void settleIfFinal(ServiceContext svc, ThirdRefund r, ProviderRefund answer) {
        int to = switch (answer.status()) {
            case SUCCESS -> ThirdRefund.SUCCESS;
            case CLOSED -> ThirdRefund.CLOSED;
            case ABNORMAL -> ThirdRefund.ABNORMAL;
            case PROCESSING -> ThirdRefund.PROCESSING;
        };
        if (to == ThirdRefund.PROCESSING) {
            return;
        }
        new UpdateRefundStatusLogic(svc).updateRefundStatus(UpdateRefundStatusReq.newBuilder()
                .setRefundSn(r.sn()).setRefundStatus(to).setRefundId(answer.refundId())
                .setSuccessTime(answer.successTime()).setRefundAmount(answer.amount()).build());
    }
}
