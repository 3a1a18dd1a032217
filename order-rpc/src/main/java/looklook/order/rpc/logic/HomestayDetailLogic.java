package looklook.order.rpc.logic;

import looklook.order.rpc.model.HomestayModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.order.HomestayDetailReq;
import looklook.proto.order.HomestayDetailResp;

/** One home of the catalog, on sale or not (old orders link to it). */
public final class HomestayDetailLogic {
    private final ServiceContext svc;

    public HomestayDetailLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public HomestayDetailResp homestayDetail(HomestayDetailReq in) {
        long id = Validate.id("id", in.getId());
        return svc.jdbi().withExtension(HomestayModel.class, m -> m.findOne(id))
                .map(h -> HomestayDetailResp.newBuilder().setHomestay(Protos.homestay(h)).build())
                .orElseThrow(() -> new BizException(ErrorCode.HOMESTAY_NOT_FOUND, "homestay " + id + " not found"));
    }
}
