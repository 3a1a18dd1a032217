package looklook.order.api.logic;

import looklook.order.api.svc.ServiceContext;
import looklook.order.api.types.Types;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayDetailReq;

/** One home of the catalog; public. */
public final class HomestayDetailLogic {
    private final ServiceContext svc;

    public HomestayDetailLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.HomestayDetailResp homestayDetail(Types.HomestayDetailReq req) {
        var h = RpcCalls.call(() -> svc.orderRpc().homestayDetail(HomestayDetailReq.newBuilder().setId(req.id()).build()))
                .getHomestay();
        return new Types.HomestayDetailResp(Views.homestay(h));
    }
}
