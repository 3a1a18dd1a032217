package looklook.mqueue.job.logic;

import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reconcile tick: payment-rpc asks WeChat about payments waiting too long, so a lost notify never loses a payment. */
public final class ReconcilePaymentsLogic {
    private static final Logger log = LoggerFactory.getLogger(ReconcilePaymentsLogic.class);
    private final ServiceContext svc;

    public ReconcilePaymentsLogic(ServiceContext svc) {
        this.svc = svc;
    }

    /** One tick; a failure is logged by the scheduler and the next tick tries again. */
    public void reconcile() {
        long olderThan = svc.config().scheduler().reconcileOlderThan();
        long limit = svc.config().scheduler().reconcileLimit();
        ReconcileWaitingPaymentsResp r = RpcCalls.call(() -> svc.paymentRpc().reconcileWaitingPayments(
                ReconcileWaitingPaymentsReq.newBuilder().setOlderThanSeconds(olderThan).setLimit(limit).build()));
        if (r.getPaid() > 0) {
            log.warn("reconcile: {} of {} waiting payment(s) were paid at WeChat without a notify here", r.getPaid(), r.getChecked());
        } else {
            log.info("reconcile: {} waiting payment(s) checked, none paid", r.getChecked());
        }
    }
}
