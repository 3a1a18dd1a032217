package looklook.payment.rpc.logic;

import java.util.Optional;
import looklook.payment.rpc.model.RefundKind;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.refund.RefundQuote;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.CancelBookingReq;
import looklook.proto.payment.RefundPaymentResp;

/**
 * The guest cancels a paid booking and gets back what the cancellation policy says. Decided here,
 * where the money is: the order's owner and state come from order-rpc, the amount from the policy
 * over this service's payment and refunds. The refund is booked, then the order moves from paid to
 * refunding by compare-and-set (a check-in or the expiry tick that moved it first voids the refund
 * before WeChat hears of it), then WeChat is asked. A repeat answers the same refund.
 */
public final class CancelBookingLogic {
    /** The key of a payment's one cancellation. */
    static final String CANCEL_KEY = "cancel";
    private final ServiceContext svc;

    public CancelBookingLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RefundPaymentResp cancelBooking(CancelBookingReq in) {
        String orderSn = Validate.orderSn(in.getOrderSn());
        long userId = Validate.id("userId", in.getUserId());
        String reason = Validate.refundReason(in.getReason());
        // 1. the order, whose owner alone may cancel: anyone else is answered as for a missing one
        HomestayOrder order = Cancellations.owned(svc, orderSn, userId);
        OrderTradeState state = Cancellations.state(order);

        // 2. its payment and the policy over it (a state other than paid, or a date too late, gets nothing)
        Optional<ThirdPayment> found = Cancellations.paidPayment(svc, orderSn);
        ThirdPayment paid = found.orElseThrow(() -> new BizException(ErrorCode.REFUND_NOT_ALLOWED,
                "order " + orderSn + " has no successful payment (trade state " + state + ")"));
        RefundQuote q = Cancellations.quote(svc, order, found);

        // 3. a cancellation made before is the answer, looked for after the quote: one booked meanwhile
        // (that left the order refunding, or nothing to refund) is found
        Optional<ThirdRefund> before = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findLatestByKey(paid.sn(), CANCEL_KEY))
                .filter(r -> r.refundStatus() != ThirdRefund.VOIDED);
        if (before.isPresent()) {
            RefundFlow.tryNow(svc, before.get());
            return resp(paid, before.get().sn());
        }
        if (state != OrderTradeState.PAID) {
            throw new BizException(ErrorCode.REFUND_NOT_ALLOWED, "order " + orderSn + " is " + state + ": " + q.rule());
        }
        if (q.refundable() == 0) {
            throw new BizException(ErrorCode.REFUND_NOTHING_UNDER_POLICY, "order " + orderSn + ": " + q.rule());
        }

        // 4. booked, the order held, then WeChat
        ThirdRefund r = RefundBook.book(svc, paid, RefundKind.CANCEL, q.refundable(), CANCEL_KEY,
                reason.isEmpty() ? "cancelled by the guest" : reason);
        if (!RefundFlow.holdOrder(svc, r)) {
            throw new BizException(ErrorCode.REFUND_NOT_ALLOWED, "order " + orderSn + " left paid (checked in or ended) "
                    + "before the cancellation took it: nothing was refunded");
        }
        RefundFlow.tryNow(svc, svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneBySn(r.sn())).orElseThrow());
        return resp(paid, r.sn());
    }

    /** The refund as it stands, with the fee: what the guest paid less everything given back or on its way. */
    private RefundPaymentResp resp(ThirdPayment paid, String refundSn) {
        long back = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.sumRefundedByPaymentSn(paid.sn()));
        return RefundPaymentLogic.resp(svc, refundSn, Math.max(0, paid.payTotal() - back));
    }
}
