package looklook.order.api.logic;

import looklook.order.api.svc.ServiceContext;
import looklook.order.api.types.Types;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.CheckInHomestayOrderReq;
import looklook.proto.order.HomestayOrder;

/**
 * The landlord checks a guest in with the order's trade code. order-rpc decides who may (the order's
 * landlord only; anyone else is answered as for a missing order) and moves the order by compare-and-set.
 */
public final class CheckInLogic {
    private final ServiceContext svc;

    public CheckInLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.CheckInResp checkIn(long userId, Types.CheckInReq req) {
        HomestayOrder o = RpcCalls.call(() -> svc.orderRpc().checkInHomestayOrder(CheckInHomestayOrderReq.newBuilder()
                .setSn(req.sn()).setUserId(userId).setTradeCode(req.tradeCode()).build())).getHomestayOrder();
        return new Types.CheckInResp(o.getSn(), o.getTradeState(), o.getLiveStartDate(), o.getLiveEndDate());
    }
}
