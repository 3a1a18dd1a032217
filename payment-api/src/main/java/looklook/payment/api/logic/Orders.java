package looklook.payment.api.logic;

import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.HomestayOrderDetailResp;

/** The caller's order from order-rpc; another user's order answers exactly as a missing one. */
final class Orders {
    private Orders() {
    }

    static HomestayOrder owned(ServiceContext svc, long userId, String orderSn) {
        HomestayOrderDetailResp r = RpcCalls.call(() -> svc.orderRpc().homestayOrderDetail(
                HomestayOrderDetailReq.newBuilder().setSn(orderSn).build()));
        if (!r.hasHomestayOrder() || r.getHomestayOrder().getUserId() != userId) {
            throw new BizException(ErrorCode.ORDER_NOT_FOUND);
        }
        return r.getHomestayOrder();
    }
}
