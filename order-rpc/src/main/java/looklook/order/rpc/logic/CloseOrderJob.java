package looklook.order.rpc.logic;

import java.time.Instant;
import java.util.UUID;
import looklook.pkg.events.CloseHomestayOrderJob;
import looklook.pkg.events.Payloads;
import looklook.pkg.outbox.OutboxEvent;

/** The outbox row that becomes the order's close job (the job itself is defined in pkg, shared with mqueue-job). */
final class CloseOrderJob {
    private CloseOrderJob() {
    }

    static OutboxEvent event(String sn, Instant runAt) {
        CloseHomestayOrderJob job = new CloseHomestayOrderJob(sn);
        return OutboxEvent.job(UUID.randomUUID().toString(), CloseHomestayOrderJob.TYPE, job.taskId(), Payloads.write(job), runAt);
    }
}
