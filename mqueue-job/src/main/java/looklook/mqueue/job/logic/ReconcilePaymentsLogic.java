package looklook.mqueue.job.logic;

import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile tick: payment-rpc asks WeChat about payments waiting too long, so a lost notify never
 * loses a payment. The cursor walks every waiting payment across ticks (back to the start at the
 * end), so payments that cannot be settled now never hide a newer lost notify.
 */
public final class ReconcilePaymentsLogic {
    private static final Logger log = LoggerFactory.getLogger(ReconcilePaymentsLogic.class);
    private final ServiceContext svc;
    private long afterId;

    public ReconcilePaymentsLogic(ServiceContext svc) {
        this.svc = svc;
    }

    /** One tick; a failure is logged by the scheduler and the next tick tries again from the same place. */
    public void reconcile() {
        long olderThan = svc.config().scheduler().reconcileOlderThan();
        long limit = svc.config().scheduler().reconcileLimit();
        ReconcileWaitingPaymentsResp r = RpcCalls.call(() -> svc.paymentRpc().reconcileWaitingPayments(
                ReconcileWaitingPaymentsReq.newBuilder().setOlderThanSeconds(olderThan).setLimit(limit).setAfterId(afterId).build()));
        afterId = r.getNextAfterId();
        if (r.getPaid() > 0 || r.getClosed() > 0) {
            log.warn("reconcile: of {} waiting payment(s), {} were paid at WeChat without a notify here, {} expired unpaid and closed",
                    r.getChecked(), r.getPaid(), r.getClosed());
        } else {
            log.info("reconcile: {} waiting payment(s) checked, none paid", r.getChecked());
        }
    }
}
