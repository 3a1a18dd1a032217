package looklook.mqueue.job.logic;

import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.ExpireHomestayOrdersReq;
import looklook.proto.order.ExpireHomestayOrdersResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expiry tick: paid, unused orders whose check-out date has passed become expired (4). The
 * tick runs hourly rather than once at night: the move is idempotent and cheap, and a replica
 * that was down at the nightly hour cannot leave a day's orders unexpired.
 */
public final class ExpireOrdersLogic {
    private static final Logger log = LoggerFactory.getLogger(ExpireOrdersLogic.class);
    private static final long BATCH = 1000;
    private final ServiceContext svc;

    public ExpireOrdersLogic(ServiceContext svc) {
        this.svc = svc;
    }

    /** One tick: batches until a batch comes back short. */
    public long expire() {
        long total = 0;
        long n;
        do {
            ExpireHomestayOrdersResp r = RpcCalls.call(() -> svc.orderRpc().expireHomestayOrders(
                    ExpireHomestayOrdersReq.newBuilder().setLimit(BATCH).build()));
            n = r.getExpired();
            total += n;
        } while (n == BATCH);
        log.info("expiry: {} paid order(s) past their check-out date expired", total);
        return total;
    }
}
