package looklook.payment.rpc.logic;

import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.refund.RefundQuote;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.QuoteRefundReq;
import looklook.proto.payment.QuoteRefundResp;

/**
 * What the owner of an order would get back by cancelling now: the cancellation policy applied to
 * the order as order-rpc has it (state, check-in date, owner) and to its payment as this service has
 * it (what it took, what went back already). The owner is checked here, not only at the API.
 */
public final class QuoteRefundLogic {
    private final ServiceContext svc;

    public QuoteRefundLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public QuoteRefundResp quoteRefund(QuoteRefundReq in) {
        String orderSn = Validate.orderSn(in.getOrderSn());
        long userId = Validate.id("userId", in.getUserId());
        HomestayOrder order = Cancellations.owned(svc, orderSn, userId);
        Optional<ThirdPayment> paid = Cancellations.paidPayment(svc, orderSn);
        RefundQuote q = Cancellations.quote(svc, order, paid);
        return QuoteRefundResp.newBuilder().setRefundable(q.refundable()).setFee(q.fee()).setRule(q.rule())
                .setPaid(paid.map(ThirdPayment::payTotal).orElse(0L)).setRefunded(Cancellations.refunded(svc, paid)).build();
    }
}
