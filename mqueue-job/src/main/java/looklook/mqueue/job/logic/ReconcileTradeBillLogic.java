package looklook.mqueue.job.logic;

import java.time.LocalDate;
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
 * ({@code Scheduler.BillReadyAt}, WeChat says from 10:00), payment-rpc reconciles it (and Alipay's, when configured), and every
 * earlier day of the last week it has not done yet (a day whose run failed, WeChat or we away, is
 * never left behind). payment-rpc skips a day it has done, so a tick costs a few quick calls.
 */
public final class ReconcileTradeBillLogic {
    /** WeChat keeps bills for three months; a week back covers any outage we should still catch by ourselves. */
    private static final int DAYS_BACK = 7;
    private static final Logger log = LoggerFactory.getLogger(ReconcileTradeBillLogic.class);
    private final ServiceContext svc;

    public ReconcileTradeBillLogic(ServiceContext svc) {
        this.svc = svc;
    }

    /** One tick; a day that fails is logged and tried again at the next tick, the others go on. */
    public void reconcile() {
        ZonedDateTime now = svc.clock().instant().atZone(WxTimes.SHANGHAI);
        LocalDate newest = now.toLocalDate().minusDays(1);
        if (now.toLocalTime().isBefore(LocalTime.parse(svc.config().scheduler().billReadyAt()))) {
            newest = newest.minusDays(1); // yesterday's bill is not ready yet
        }
        RuntimeException last = null;
        for (LocalDate d = newest.minusDays(DAYS_BACK - 1); !d.isAfter(newest); d = d.plusDays(1)) {
            String date = d.toString();
            try {
                ReconcileTradeBillResp r = RpcCalls.call(() -> svc.paymentRpc().reconcileTradeBill(
                        ReconcileTradeBillReq.newBuilder().setBillDate(date).build()));
                if (!r.getSkipped()) {
                    log.info("bill {}: {} line(s), {} repaired, {} left for a person{}", date, r.getLines(), r.getRepaired(),
                            r.getUnrepaired(), r.getNoBill() ? " (no bill: no channel saw anything that day)" : "");
                }
            } catch (RuntimeException e) {
                log.warn("bill {}: not reconciled now, next tick: {}", date, e.toString());
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
    }
}
