package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.proto.payment.GetPaymentBySnReq;
import looklook.proto.payment.GetPaymentBySnResp;

/** One payment by sn; not found is an answer without {@code paymentDetail}, as in looklook. */
public final class GetPaymentBySnLogic {
    private final ServiceContext svc;

    public GetPaymentBySnLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public GetPaymentBySnResp getPaymentBySn(GetPaymentBySnReq in) {
        String sn = Validate.paymentSn("sn", in.getSn());
        GetPaymentBySnResp.Builder resp = GetPaymentBySnResp.newBuilder();
        svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(sn)).ifPresent(p -> resp.setPaymentDetail(Protos.detail(p)));
        return resp.build();
    }
}
