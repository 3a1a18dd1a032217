package looklook.payment.api.logic;

import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.CancelBookingReq;
import looklook.proto.payment.RefundPaymentResp;

/**
 * A guest cancels their paid booking and gets back what the cancellation policy gives. payment-rpc
 * decides everything (owner, order state, policy, the race with check-in and expiry), so this API is
 * not the only guard.
 */
public final class ThirdPaymentWxRefundLogic {
    private final ServiceContext svc;

    public ThirdPaymentWxRefundLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.ThirdPaymentWxRefundResp thirdPaymentWxRefund(long userId, Types.ThirdPaymentWxRefundReq req) {
        String orderSn = Validate.orderSn(req.orderSn());
        RefundPaymentResp r = RpcCalls.call(() -> svc.paymentRpc().cancelBooking(CancelBookingReq.newBuilder()
                .setOrderSn(orderSn).setUserId(userId).setReason(req.reason() == null ? "" : req.reason()).build()));
        return new Types.ThirdPaymentWxRefundResp(r.getRefundSn(), r.getRefundStatus(), r.getRefundAmount(), r.getFee());
    }
}
