package looklook.pkg.events;

import java.util.List;
import looklook.pkg.jobq.TaskSpec;

/**
 * Which queue each job type runs on, and the order a worker takes the queues in: a writer (order-rpc's
 * outbox) and the worker (mqueue-job) read it here. A paid user's notification goes ahead of everything
 * else: thirty minutes after a burst of orders their close jobs all come due at once, and a
 * notification queued behind them waited 47 s (measured). The critical queue holds only work a payment
 * made, so it never starves the rest for long.
 */
public final class JobQueues {
    /** The queue of the jobs a person waits for. */
    public static final String CRITICAL = "critical";
    /** Every queue, most urgent first, as a worker takes them (strict priority, as asynq's StrictPriority). */
    public static final List<String> BY_PRIORITY = List.of(CRITICAL, TaskSpec.DEFAULT_QUEUE);

    private JobQueues() {
    }

    /** The queue a job of {@code jobType} goes to. */
    public static String of(String jobType) {
        return NotifyUserPaySuccessJob.TYPE.equals(jobType) ? CRITICAL : TaskSpec.DEFAULT_QUEUE;
    }
}
