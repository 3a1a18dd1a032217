package looklook.mqueue.job.logic;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.payment.ReconcileTradeBillReq;
import looklook.proto.payment.ReconcileTradeBillResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily reconciliation's tick: once WeChat's bill of yesterday (China time) is ready
 * ({@code Scheduler.BillReadyAt}, WeChat says from 10:00), payment-rpc reconciles it. Ticks come
 * every {@code BillReconcileEvery}; payment-rpc skips a date it has done, so the day's later ticks
 * cost one query, and a day whose run failed (WeChat away) is tried again at the next tick.
 */
public final class ReconcileTradeBillLogic {
    private static final Logger log = LoggerFactory.getLogger(ReconcileTradeBillLogic.class);
    private final ServiceContext svc;

    public ReconcileTradeBillLogic(ServiceContext svc) {
        this.svc = svc;
    }

    /** One tick; a failure is logged by the scheduler and the next tick tries again. */
    public void reconcile() {
        ZonedDateTime now = svc.clock().instant().atZone(WxTimes.SHANGHAI);
        LocalTime readyAt = LocalTime.parse(svc.config().scheduler().billReadyAt());
        if (now.toLocalTime().isBefore(readyAt)) {
            return;
        }
        String date = now.toLocalDate().minusDays(1).toString();
        ReconcileTradeBillResp r = RpcCalls.call(() -> svc.paymentRpc().reconcileTradeBill(
                ReconcileTradeBillReq.newBuilder().setBillDate(date).build()));
        if (!r.getSkipped()) {
            log.info("bill {}: {} line(s), {} repaired, {} left for a person{}", date, r.getLines(), r.getRepaired(),
                    r.getUnrepaired(), r.getNoBill() ? " (no bill: nothing happened that day)" : "");
        }
    }
}
