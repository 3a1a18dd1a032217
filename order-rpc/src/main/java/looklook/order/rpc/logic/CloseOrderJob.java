package looklook.order.rpc.logic;

import java.time.Instant;
import java.util.UUID;
import looklook.pkg.events.CloseHomestayOrderJob;
import looklook.pkg.events.NotifyUserPaySuccessJob;
import looklook.pkg.events.Payloads;
import looklook.pkg.outbox.OutboxEvent;

/**
 * The outbox rows that become an order's jobs (the jobs themselves are defined in pkg, shared with
 * mqueue-job): its close job, written with the order, and its pay-success notification, written with
 * the move to paid, so an order turns paid and its user is told, or neither, whoever paid it.
 */
final class CloseOrderJob {
    private CloseOrderJob() {
    }

    static OutboxEvent event(String sn, Instant runAt) {
        CloseHomestayOrderJob job = new CloseHomestayOrderJob(sn);
        return OutboxEvent.job(UUID.randomUUID().toString(), CloseHomestayOrderJob.TYPE, job.taskId(), Payloads.write(job), runAt);
    }

    /** The user's pay-success notification, to run at once; its task id is the order's, so it is queued once. */
    static OutboxEvent notifyPaid(String sn, Instant now) {
        NotifyUserPaySuccessJob job = new NotifyUserPaySuccessJob(sn);
        return OutboxEvent.job(UUID.randomUUID().toString(), NotifyUserPaySuccessJob.TYPE, job.taskId(), Payloads.write(job), now);
    }
}
