package looklook.order.rpc.logic;

import java.util.List;
import looklook.order.rpc.model.HomestayOrder;
import looklook.order.rpc.model.HomestayOrderModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.proto.order.ListOverdueHomestayOrdersReq;
import looklook.proto.order.ListOverdueHomestayOrdersResp;

/** Orders still waiting for payment long after their pay deadline: the repair tick settles each one. */
public final class ListOverdueHomestayOrdersLogic {
    private final ServiceContext svc;

    public ListOverdueHomestayOrdersLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public ListOverdueHomestayOrdersResp listOverdueHomestayOrders(ListOverdueHomestayOrdersReq in) {
        if (in.getOlderThanSeconds() < 0 || in.getAfterId() < 0 || in.getLimit() < 1 || in.getLimit() > 1000) {
            throw BizException.badParam("olderThanSeconds " + in.getOlderThanSeconds() + " / afterId " + in.getAfterId()
                    + " / limit " + in.getLimit() + " (expected >= 0 / >= 0 / 1..1000)");
        }
        long before = svc.clock().instant().getEpochSecond() - in.getOlderThanSeconds();
        List<HomestayOrder> orders = svc.jdbi().withExtension(HomestayOrderModel.class,
                m -> m.listWaitingPastDeadline(before, in.getAfterId(), (int) in.getLimit()));
        ListOverdueHomestayOrdersResp.Builder b = ListOverdueHomestayOrdersResp.newBuilder();
        orders.forEach(o -> b.addList(Protos.order(o)));
        return b.build();
    }
}
