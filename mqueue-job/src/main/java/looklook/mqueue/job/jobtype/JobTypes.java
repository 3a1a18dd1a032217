package looklook.mqueue.job.jobtype;

import looklook.pkg.events.CloseHomestayOrderJob;
import looklook.pkg.events.NotifyUserPaySuccessJob;

/**
 * The work mqueue-job does, by name (looklook's jobtype package). The queued payloads are records
 * in pkg ({@link CloseHomestayOrderJob}, {@link NotifyUserPaySuccessJob}) because other services
 * enqueue them; the scheduler's entries are known only here.
 */
public final class JobTypes {
    /** Queued by order-rpc at order creation, due after the pay window. */
    public static final String DEFER_CLOSE_HOMESTAY_ORDER = CloseHomestayOrderJob.TYPE;
    /** Queued by order-mq once an order turned paid. */
    public static final String MSG_PAY_SUCCESS_NOTIFY_USER = NotifyUserPaySuccessJob.TYPE;
    /** Scheduler entry: settle payments whose notify may have been lost. */
    public static final String SCHEDULE_RECONCILE_PAYMENTS = "schedule:payment:reconcile";
    /** Scheduler entry: orders left waiting past their pay deadline are settled (paid or cancelled). */
    public static final String SCHEDULE_REPAIR_ORDERS = "schedule:order:repair";
    /** Scheduler entry: yesterday's WeChat trade bill is reconciled with our books. */
    public static final String SCHEDULE_RECONCILE_BILL = "schedule:payment:reconcile_bill";
    /** Scheduler entry: paid orders past their check-out date become expired. */
    public static final String SCHEDULE_EXPIRE_ORDERS = "schedule:order:expire";

    private JobTypes() {
    }
}
