package looklook.payment.api.logic;

import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.RefundPaymentResp;

/** A user asks for their money back: only for their own order, paid and not yet used. */
public final class ThirdPaymentWxRefundLogic {
    private final ServiceContext svc;

    public ThirdPaymentWxRefundLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.ThirdPaymentWxRefundResp thirdPaymentWxRefund(long userId, Types.ThirdPaymentWxRefundReq req) {
        String orderSn = Validate.orderSn(req.orderSn());
        HomestayOrder order = Orders.owned(svc, userId, orderSn);
        if (order.getTradeState() != OrderTradeState.PAID.code()) {
            throw new BizException(ErrorCode.REFUND_NOT_ALLOWED,
                    "order " + orderSn + " has trade state " + order.getTradeState() + " (only a paid, unused order (1) can be refunded)");
        }
        RefundPaymentResp r = RpcCalls.call(() -> svc.paymentRpc().refundPayment(RefundPaymentReq.newBuilder()
                .setOrderSn(orderSn).setReason(req.reason() == null ? "" : req.reason()).build()));
        return new Types.ThirdPaymentWxRefundResp(r.getRefundSn(), r.getRefundStatus(), r.getRefundAmount());
    }
}
