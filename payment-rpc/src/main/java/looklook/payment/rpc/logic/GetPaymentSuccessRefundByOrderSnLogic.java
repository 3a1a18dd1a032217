package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.events.PayStatus;
import looklook.proto.payment.GetPaymentSuccessRefundByOrderSnReq;
import looklook.proto.payment.GetPaymentSuccessRefundByOrderSnResp;

/** The order's payment that took the money (success, or refunded since); absent when none did. */
public final class GetPaymentSuccessRefundByOrderSnLogic {
    private final ServiceContext svc;

    public GetPaymentSuccessRefundByOrderSnLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public GetPaymentSuccessRefundByOrderSnResp getPaymentSuccessRefundByOrderSn(GetPaymentSuccessRefundByOrderSnReq in) {
        String orderSn = Validate.orderSn(in.getOrderSn());
        GetPaymentSuccessRefundByOrderSnResp.Builder resp = GetPaymentSuccessRefundByOrderSnResp.newBuilder();
        svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(orderSn)).stream()
                .filter(p -> p.status() == PayStatus.SUCCESS || p.status() == PayStatus.REFUNDED)
                .findFirst()
                .ifPresent(p -> resp.setPaymentDetail(Protos.detail(p)));
        return resp.build();
    }
}
