package looklook.order.api.logic;

import looklook.order.api.svc.ServiceContext;
import looklook.order.api.types.Types;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayListReq;

/** The homes on sale, a page at a time; public. */
public final class HomestayListLogic {
    private final ServiceContext svc;

    public HomestayListLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.HomestayListResp homestayList(Types.HomestayListReq req) {
        var list = RpcCalls.call(() -> svc.orderRpc().homestayList(HomestayListReq.newBuilder()
                .setLastId(req.lastId() == null ? 0 : req.lastId()).setPageSize(req.pageSize()).build())).getListList();
        return new Types.HomestayListResp(list.stream().map(Views::homestay).toList());
    }
}
