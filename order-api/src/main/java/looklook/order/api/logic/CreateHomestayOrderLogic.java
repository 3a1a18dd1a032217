package looklook.order.api.logic;

import looklook.order.api.svc.ServiceContext;
import looklook.order.api.types.Types;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.CreateHomestayOrderReq;

/** Books a home for the caller; order-rpc validates, prices and stores. */
public final class CreateHomestayOrderLogic {
    private final ServiceContext svc;

    public CreateHomestayOrderLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.CreateHomestayOrderResp createHomestayOrder(long userId, Types.CreateHomestayOrderReq req) {
        String sn = RpcCalls.call(() -> svc.orderRpc().createHomestayOrder(CreateHomestayOrderReq.newBuilder()
                .setUserId(userId).setHomestayId(req.homestayId())
                .setIsFood(Boolean.TRUE.equals(req.isFood()))
                .setLiveStartTime(req.liveStartTime()).setLiveEndTime(req.liveEndTime())
                .setLivePeopleNum(req.livePeopleNum())
                .setRemark(req.remark() == null ? "" : req.remark())
                .build())).getSn();
        return new Types.CreateHomestayOrderResp(sn);
    }
}
