package looklook.order.rpc.logic;

import java.util.List;
import java.util.Optional;
import looklook.order.rpc.model.HomestayOrder;
import looklook.order.rpc.model.HomestayOrderModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.events.OrderTradeState;
import looklook.proto.order.UserHomestayOrderListReq;
import looklook.proto.order.UserHomestayOrderListResp;

/** A user's orders, newest first, a page at a time (lastId paging), optionally of one trade state. */
public final class UserHomestayOrderListLogic {
    /** looklook's wire value for "every trade state" in {@code traderState}. */
    static final long ALL_TRADE_STATES = -99;
    private final ServiceContext svc;

    public UserHomestayOrderListLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public UserHomestayOrderListResp userHomestayOrderList(UserHomestayOrderListReq in) {
        long userId = Validate.id("userId", in.getUserId());
        int pageSize = Validate.pageSize(in.getPageSize());
        long beforeId = Validate.beforeId(in.getLastId());
        Optional<OrderTradeState> state = in.getTraderState() == ALL_TRADE_STATES
                ? Optional.empty()
                : Optional.of(Validate.tradeState("traderState", in.getTraderState()));
        List<HomestayOrder> page = svc.jdbi().withExtension(HomestayOrderModel.class, m -> state
                .map(s -> m.listByUserTradeState(userId, s.code(), beforeId, pageSize))
                .orElseGet(() -> m.listByUser(userId, beforeId, pageSize)));
        return UserHomestayOrderListResp.newBuilder().addAllList(page.stream().map(Protos::order).toList()).build();
    }
}
