package looklook.order.api.logic;

import looklook.order.api.svc.ServiceContext;
import looklook.order.api.types.Types;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.HomestayOrderDetailResp;

/**
 * One of the caller's orders. Another user's order answers exactly as a missing one, so the API
 * never tells anyone that an sn exists.
 */
public final class UserHomestayOrderDetailLogic {
    private final ServiceContext svc;

    public UserHomestayOrderDetailLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.UserHomestayOrderDetailResp userHomestayOrderDetail(long userId, Types.UserHomestayOrderDetailReq req) {
        HomestayOrderDetailResp r = RpcCalls.call(() -> svc.orderRpc().homestayOrderDetail(
                HomestayOrderDetailReq.newBuilder().setSn(req.sn()).build()));
        if (!r.hasHomestayOrder() || r.getHomestayOrder().getUserId() != userId) {
            throw new BizException(ErrorCode.ORDER_NOT_FOUND);
        }
        return Views.detail(r.getHomestayOrder());
    }
}
