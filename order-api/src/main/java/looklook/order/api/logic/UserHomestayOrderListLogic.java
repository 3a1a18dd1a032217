package looklook.order.api.logic;

import looklook.order.api.svc.ServiceContext;
import looklook.order.api.types.Types;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.UserHomestayOrderListReq;

/** The caller's orders, a page at a time; the user id comes from the token, never from the body. */
public final class UserHomestayOrderListLogic {
    /** looklook's wire value for "every trade state", which an absent filter also means. */
    private static final long ALL_TRADE_STATES = -99;
    private final ServiceContext svc;

    public UserHomestayOrderListLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.UserHomestayOrderListResp userHomestayOrderList(long userId, Types.UserHomestayOrderListReq req) {
        var list = RpcCalls.call(() -> svc.orderRpc().userHomestayOrderList(UserHomestayOrderListReq.newBuilder()
                .setUserId(userId)
                .setLastId(req.lastId() == null ? 0 : req.lastId())
                .setPageSize(req.pageSize())
                .setTraderState(req.tradeState() == null ? ALL_TRADE_STATES : req.tradeState())
                .build())).getListList();
        return new Types.UserHomestayOrderListResp(list.stream().map(Views::listView).toList());
    }
}
