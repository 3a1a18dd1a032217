package looklook.pkg.kafka;

import java.time.Duration;
import looklook.pkg.conf.OptionalKey;

/**
 * One consumed topic (go-zero's kq.KqConf without the brokers), as {@link KafkaQueue} runs it.
 *
 * @param attempts               tries of a record's own failure before it is dead-lettered (default 5, at most 12)
 * @param backoffMs              wait before the second try, then twice, four times... as long (default 200)
 * @param maxPollRecords         records one poll returns at most (default 20)
 * @param maxPollIntervalMs      Kafka's max.poll.interval.ms (default 300000); the loop polls well within it
 * @param stallLimitMs           /healthz fails when the loop has not polled for longer (default 60000); one
 *                               handler call must stay well under half of it
 * @param dependencyBackoffMaxMs the longest wait between tries of a record whose dependency is down (default 5000)
 */
public record ConsumerConf(
        String topic,
        String group,
        @OptionalKey Integer attempts,
        @OptionalKey Long backoffMs,
        @OptionalKey Integer maxPollRecords,
        @OptionalKey Long maxPollIntervalMs,
        @OptionalKey Long stallLimitMs,
        @OptionalKey Long dependencyBackoffMaxMs) {

    public ConsumerConf {
        attempts = attempts == null ? KafkaQueue.Options.DEFAULT_ATTEMPTS : attempts;
        backoffMs = backoffMs == null ? KafkaQueue.Options.DEFAULT_BACKOFF.toMillis() : backoffMs;
        maxPollRecords = maxPollRecords == null ? KafkaQueue.Options.DEFAULT_MAX_POLL_RECORDS : maxPollRecords;
        maxPollIntervalMs = maxPollIntervalMs == null ? KafkaQueue.Options.DEFAULT_MAX_POLL_INTERVAL.toMillis() : maxPollIntervalMs;
        stallLimitMs = stallLimitMs == null ? KafkaQueue.Options.DEFAULT_STALL_LIMIT.toMillis() : stallLimitMs;
        dependencyBackoffMaxMs = dependencyBackoffMaxMs == null
                ? KafkaQueue.Options.DEFAULT_DEPENDENCY_BACKOFF_MAX.toMillis() : dependencyBackoffMaxMs;
        // past 12 the doubling waits pass half an hour: a record that still fails is the DLQ's
        if (attempts < 1 || attempts > 12) {
            throw new IllegalArgumentException("Attempts: " + attempts + " (expected 1..12)");
        }
        if (backoffMs < 0) {
            throw new IllegalArgumentException("BackoffMs: " + backoffMs + " (expected >= 0)");
        }
        if (maxPollRecords < 1 || maxPollRecords > 500) {
            throw new IllegalArgumentException("MaxPollRecords: " + maxPollRecords + " (expected 1..500)");
        }
        if (maxPollIntervalMs < 1_000 || maxPollIntervalMs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("MaxPollIntervalMs: " + maxPollIntervalMs + " (expected 1000.." + Integer.MAX_VALUE + ")");
        }
        if (stallLimitMs < 1_000) {
            throw new IllegalArgumentException("StallLimitMs: " + stallLimitMs + " (expected >= 1000)");
        }
        if (dependencyBackoffMaxMs < KafkaQueue.Options.MIN_DEPENDENCY_BACKOFF.toMillis()) {
            // 0 would retry a record as fast as the poll returns it, all through an outage
            throw new IllegalArgumentException("DependencyBackoffMaxMs: " + dependencyBackoffMaxMs + " (expected >= "
                    + KafkaQueue.Options.MIN_DEPENDENCY_BACKOFF.toMillis() + ")");
        }
    }

    /** A topic with this retry schedule and the defaults for the rest. */
    public static ConsumerConf of(String topic, String group, int attempts, long backoffMs) {
        return new ConsumerConf(topic, group, attempts, backoffMs, null, null, null, null);
    }

    /** The queue options these keys describe, with the default classification of failures. */
    public KafkaQueue.Options options() {
        return new KafkaQueue.Options(topic, group, attempts, Duration.ofMillis(backoffMs))
                .withPolling(maxPollRecords, Duration.ofMillis(maxPollIntervalMs))
                .withStallLimit(Duration.ofMillis(stallLimitMs))
                .withDependencyBackoffMax(Duration.ofMillis(dependencyBackoffMaxMs));
    }
}
