package looklook.mqueue.job.logic;

import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.events.CloseHomestayOrderJob;
import looklook.pkg.jobq.JobHandler;
import looklook.pkg.jobq.Task;

/**
 * {@code defer:homestay_order:close}: an order still unpaid when its pay window ends is settled
 * ({@link OrderCloser}): paid if WeChat took the money, else cancelled once no payment of it can be
 * paid any more. While a payment is still open at WeChat the job fails and the queue retries it; the
 * repair tick catches any order whose job ran out of retries.
 */
public final class CloseHomestayOrderHandler implements JobHandler {
    private final OrderCloser closer;

    public CloseHomestayOrderHandler(ServiceContext svc) {
        this.closer = new OrderCloser(svc);
    }

    @Override
    public void handle(Task task) {
        String sn = Jobs.payload(task.payload(), CloseHomestayOrderJob.class).sn();
        if (closer.close(sn) == OrderCloser.Closed.STILL_WAITING) {
            throw new IllegalStateException("close order " + sn + ": payment(s) still open at WeChat, retrying later");
        }
    }
}
