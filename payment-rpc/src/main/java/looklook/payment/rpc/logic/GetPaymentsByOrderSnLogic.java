package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.proto.payment.GetPaymentsByOrderSnReq;
import looklook.proto.payment.GetPaymentsByOrderSnResp;

/** Every payment of an order, newest first: the status poll and the close job look for waiting ones. */
public final class GetPaymentsByOrderSnLogic {
    private final ServiceContext svc;

    public GetPaymentsByOrderSnLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public GetPaymentsByOrderSnResp getPaymentsByOrderSn(GetPaymentsByOrderSnReq in) {
        String orderSn = Validate.orderSn(in.getOrderSn());
        GetPaymentsByOrderSnResp.Builder resp = GetPaymentsByOrderSnResp.newBuilder();
        svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(orderSn))
                .forEach(p -> resp.addList(Protos.detail(p)));
        return resp.build();
    }
}
