package looklook.mqueue.job.logic;

import java.util.List;
import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.order.ListOverdueHomestayOrdersReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair tick: orders still waiting for payment well after their pay deadline (their close job was
 * lost with Redis, ran out of retries, or found a payment whose event never reached the order) are
 * settled as the close job would, so an order paid at WeChat turns paid and its user is notified
 * without anyone replaying anything. A cursor walks them by id across ticks, so orders that cannot be
 * settled now never starve the others.
 */
public final class RepairOverdueOrdersLogic {
    private static final Logger log = LoggerFactory.getLogger(RepairOverdueOrdersLogic.class);
    private final ServiceContext svc;
    private final OrderCloser closer;
    private long afterId;

    public RepairOverdueOrdersLogic(ServiceContext svc) {
        this.svc = svc;
        this.closer = new OrderCloser(svc);
    }

    /** One tick; a failure of one order is logged and the walk goes on. */
    public void repair() {
        var conf = svc.config().scheduler();
        List<HomestayOrder> overdue = RpcCalls.call(() -> svc.orderRpc().listOverdueHomestayOrders(ListOverdueHomestayOrdersReq
                .newBuilder().setOlderThanSeconds(conf.repairOlderThan()).setAfterId(afterId).setLimit(conf.repairLimit()).build()))
                .getListList();
        int paid = 0;
        int cancelled = 0;
        for (HomestayOrder o : overdue) {
            try {
                switch (closer.close(o.getSn())) {
                    case PAID -> paid++;
                    case CANCELLED -> cancelled++;
                    case NOT_WAITING, STILL_WAITING -> { }
                }
            } catch (RuntimeException e) {
                log.warn("repair order {}: cannot settle now: {}", o.getSn(), e.toString());
            }
        }
        afterId = overdue.size() < conf.repairLimit() ? 0 : overdue.get(overdue.size() - 1).getId();
        if (!overdue.isEmpty()) {
            log.warn("repair: {} overdue order(s) looked at: {} paid, {} cancelled", overdue.size(), paid, cancelled);
        }
    }
}
