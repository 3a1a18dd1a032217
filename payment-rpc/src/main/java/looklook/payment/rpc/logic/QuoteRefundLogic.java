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
        // 1. the order, whose owner alone may ask: anyone else is answered as for a missing one
        HomestayOrderDetailResp found = RpcCalls.call(() -> svc.orderRpc().homestayOrderDetail(
                HomestayOrderDetailReq.newBuilder().setSn(orderSn).build()));
        if (!found.hasHomestayOrder() || found.getHomestayOrder().getUserId() != userId) {
            throw new BizException(ErrorCode.ORDER_NOT_FOUND);
        }
        HomestayOrder order = found.getHomestayOrder();
        OrderTradeState state = OrderTradeState.of(order.getTradeState()).orElseThrow(() -> new BizException(
                ErrorCode.SERVER_COMMON_ERROR, "order " + orderSn + " has unknown trade state " + order.getTradeState()));

        // 2. the payment that paid it, and what of it went back already
        Optional<ThirdPayment> paid = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(orderSn))
                .stream().filter(p -> p.status().paidOrder()).findFirst();
        long total = paid.map(ThirdPayment::payTotal).orElse(0L);
        long refunded = paid.map(p -> svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.sumRefundedByPaymentSn(p.sn())))
                .orElse(0L);

        // 3. the policy
        LocalDate checkIn = Instant.ofEpochSecond(order.getLiveStartDate()).atZone(WxTimes.SHANGHAI).toLocalDate();
        RefundQuote q = svc.config().cancellationPolicy().quote(state, checkIn, total, refunded, svc.clock().instant());
        return QuoteRefundResp.newBuilder().setRefundable(q.refundable()).setFee(q.fee()).setRule(q.rule())
                .setPaid(total).setRefunded(refunded).build();
    }
}
