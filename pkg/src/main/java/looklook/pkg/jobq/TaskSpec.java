package looklook.pkg.jobq;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * A task to enqueue. {@code id} is its identity: enqueueing an id that is queued, running, or
 * completed within {@code retention} is a no-op, which makes "enqueue once per order" safe to retry.
 *
 * @param processAt when it may start; now or earlier means at once
 * @param maxRetry  retries after the first attempt before the task is archived
 * @param timeout   a run longer than this is interrupted and counted as a failure
 * @param retention how long a completed task's id keeps blocking duplicates
 */
public record TaskSpec(String id, String type, String payload, Instant processAt, String queue, int maxRetry,
                       Duration timeout, Duration retention) {
    /** The queue tasks go to unless told otherwise. */
    public static final String DEFAULT_QUEUE = "default";

    public TaskSpec {
        requireNonNull(id, "id");
        requireNonNull(type, "type");
        requireNonNull(payload, "payload");
        requireNonNull(processAt, "processAt");
        requireNonNull(queue, "queue");
        requireNonNull(timeout, "timeout");
        requireNonNull(retention, "retention");
        if (id.isEmpty() || type.isEmpty() || maxRetry < 0 || timeout.isNegative() || timeout.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException("task " + type + "/" + id + ": empty id or type, negative retry or bad durations");
        }
    }

    /** A task to run as soon as a worker is free: 25 retries (as asynq), 30 min timeout, ids kept 7 days. */
    public static TaskSpec of(String type, String id, String payload) {
        return new TaskSpec(id, type, payload, Instant.EPOCH, DEFAULT_QUEUE, 25, Duration.ofMinutes(30), Duration.ofDays(7));
    }

    /** The same task, to start at {@code at}. */
    public TaskSpec at(Instant at) {
        return new TaskSpec(id, type, payload, at, queue, maxRetry, timeout, retention);
    }

    /** The same task with another retry budget. */
    public TaskSpec withMaxRetry(int retries) {
        return new TaskSpec(id, type, payload, processAt, queue, retries, timeout, retention);
    }

    /** The same task with another timeout. */
    public TaskSpec withTimeout(Duration t) {
        return new TaskSpec(id, type, payload, processAt, queue, maxRetry, t, retention);
    }

    /** The same task on another queue. */
    public TaskSpec onQueue(String q) {
        return new TaskSpec(id, type, payload, processAt, q, maxRetry, timeout, retention);
    }
}
