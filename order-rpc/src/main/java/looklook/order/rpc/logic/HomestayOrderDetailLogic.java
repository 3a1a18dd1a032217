package looklook.order.rpc.logic;

import looklook.order.rpc.model.HomestayOrderModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.HomestayOrderDetailResp;

/**
 * One order by sn, whoever owns it (callers check ownership). Not found is an answer without
 * {@code homestayOrder}, as in looklook, not an error.
 */
public final class HomestayOrderDetailLogic {
    private final ServiceContext svc;

    public HomestayOrderDetailLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public HomestayOrderDetailResp homestayOrderDetail(HomestayOrderDetailReq in) {
        String sn = Validate.sn(in.getSn());
        HomestayOrderDetailResp.Builder resp = HomestayOrderDetailResp.newBuilder();
        svc.jdbi().withExtension(HomestayOrderModel.class, m -> m.findOneBySn(sn))
                .ifPresent(o -> resp.setHomestayOrder(Protos.order(o)));
        return resp.build();
    }
}
