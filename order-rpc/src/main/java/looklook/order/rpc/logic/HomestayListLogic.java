package looklook.order.rpc.logic;

import looklook.order.rpc.model.HomestayModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.proto.order.HomestayListReq;
import looklook.proto.order.HomestayListResp;

/** The homes on sale, newest first, a page at a time (lastId paging). */
public final class HomestayListLogic {
    private final ServiceContext svc;

    public HomestayListLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public HomestayListResp homestayList(HomestayListReq in) {
        int pageSize = Validate.pageSize(in.getPageSize());
        long beforeId = Validate.beforeId(in.getLastId());
        return HomestayListResp.newBuilder()
                .addAllList(svc.jdbi().withExtension(HomestayModel.class, m -> m.listOnSale(beforeId, pageSize))
                        .stream().map(Protos::homestay).toList())
                .build();
    }
}
