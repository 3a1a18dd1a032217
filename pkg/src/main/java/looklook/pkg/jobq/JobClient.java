package looklook.pkg.jobq;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/** Puts tasks on the queue and reads their state (asynq's Client and Inspector). Thread-safe. */
public final class JobClient {
    /** The namespace every looklook process shares. */
    public static final String DEFAULT_NAMESPACE = "looklook:{jq}";

    private final JedisPooled redis;
    private final String ns;

    public JobClient(JedisPooled redis, String namespace) {
        this.redis = requireNonNull(redis, "redis");
        this.ns = requireNonNull(namespace, "namespace");
    }

    /** Enqueues {@code task}; false when a task with its id is already known (nothing changes then). */
    public boolean enqueue(TaskSpec task) {
        Object r = Scripts.ENQUEUE.run(redis, List.of(), List.of(ns, task.id(), task.type(), task.payload(), task.queue(),
                Long.toString(task.processAt().toEpochMilli()), Integer.toString(task.maxRetry()),
                Long.toString(task.timeout().toMillis()), Long.toString(task.retention().toMillis())));
        return ((Long) r) == 1L;
    }

    /** A task's state as stored: {@code state} (pending, scheduled, active, retry, archived, completed), {@code retried}, {@code error}... */
    public Optional<Map<String, String>> info(String id) {
        Map<String, String> h = redis.hgetAll(ns + ":t:" + id);
        return h.isEmpty() ? Optional.empty() : Optional.of(h);
    }

    /** How many tasks wait in each place (for tests, health and benchmarks). */
    public Map<String, Long> counts(String queue) {
        return Map.of(
                "pending", redis.llen(ns + ":pending:" + queue),
                "scheduled", redis.zcard(ns + ":scheduled"),
                "retry", redis.zcard(ns + ":retry"),
                "active", redis.zcard(ns + ":lease"),
                "archived", redis.zcard(ns + ":archived"));
    }

    String namespace() {
        return ns;
    }
}
