package looklook.pkg.events;

import java.util.Map;
import looklook.pkg.jobq.TaskSpec;

/**
 * Which queue each job type runs on, and the weight a worker gives each queue: a writer (order-rpc's
 * outbox) and the worker (mqueue-job) read it here. A paid user's notification goes ahead of the bulk:
 * thirty minutes after a burst of orders their close jobs all come due at once, and a notification
 * behind them waited tens of seconds. Weighted rather than strict: during a Kafka outage each
 * notification holds a worker until its send gives up, and with strict priority a backlog of them
 * would stop the close jobs (which close WeChat payments and find late money) for the whole outage.
 */
public final class JobQueues {
    /** The queue of the jobs a person waits for. */
    public static final String CRITICAL = "critical";
    /** Each queue's weight: a look tries critical first three times in four, default first the fourth. */
    public static final Map<String, Integer> WEIGHTS = Map.of(CRITICAL, 3, TaskSpec.DEFAULT_QUEUE, 1);

    private JobQueues() {
    }

    /** The queue a job of {@code jobType} goes to. */
    public static String of(String jobType) {
        return NotifyUserPaySuccessJob.TYPE.equals(jobType) ? CRITICAL : TaskSpec.DEFAULT_QUEUE;
    }
}
