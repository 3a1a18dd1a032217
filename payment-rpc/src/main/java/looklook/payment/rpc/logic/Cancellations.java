package looklook.payment.rpc.logic;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.refund.RefundQuote;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.order.HomestayOrder;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.HomestayOrderDetailResp;

/** What the quote and the cancellation both read: the caller's order, its paid payment, and the policy over them. */
final class Cancellations {
    private Cancellations() {
    }

    /** The order as order-rpc has it, if {@code userId} owns it; anyone else is answered as for a missing order. */
    static HomestayOrder owned(ServiceContext svc, String orderSn, long userId) {
        HomestayOrderDetailResp found = RpcCalls.call(() -> svc.orderRpc().homestayOrderDetail(
                HomestayOrderDetailReq.newBuilder().setSn(orderSn).build()));
        if (!found.hasHomestayOrder() || found.getHomestayOrder().getUserId() != userId) {
            throw new BizException(ErrorCode.ORDER_NOT_FOUND);
        }
        return found.getHomestayOrder();
    }

    static OrderTradeState state(HomestayOrder order) {
        return OrderTradeState.of(order.getTradeState()).orElseThrow(() -> new BizException(
                ErrorCode.SERVER_COMMON_ERROR, "order " + order.getSn() + " has unknown trade state " + order.getTradeState()));
    }

    /** The payment that paid the order (refunded since or not), if any. */
    static Optional<ThirdPayment> paidPayment(ServiceContext svc, String orderSn) {
        return svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(orderSn)).stream()
                .filter(p -> p.status().paidOrder()).findFirst();
    }

    /** Fen of {@code paid} given back or on the way (0 without a payment). */
    static long refunded(ServiceContext svc, Optional<ThirdPayment> paid) {
        return paid.map(p -> svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.sumRefundedByPaymentSn(p.sn()))).orElse(0L);
    }

    /** The policy's answer for cancelling {@code order} now. */
    static RefundQuote quote(ServiceContext svc, HomestayOrder order, Optional<ThirdPayment> paid) {
        LocalDate checkIn = Instant.ofEpochSecond(order.getLiveStartDate()).atZone(WxTimes.SHANGHAI).toLocalDate();
        return svc.config().cancellationPolicy().quote(state(order), checkIn, paid.map(ThirdPayment::payTotal).orElse(0L),
                refunded(svc, paid), svc.clock().instant());
    }
}
