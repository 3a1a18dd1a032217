package looklook.order.mq.config;

import java.time.Duration;
import looklook.pkg.kafka.KafkaQueue;

/**
 * One consumed topic (go-zero's kq.KqConf without the brokers): a failed record is tried
 * {@code Attempts} times, {@code BackoffMs}, then twice, four times... as long apart, before it is
 * dead-lettered. Every attempt happens inside one poll, so the whole budget must stay under
 * Kafka's max.poll.interval (300 s) or the group evicts the consumer mid-retry.
 */
public record ConsumerConf(String topic, String group, Integer attempts, Long backoffMs) {
    public ConsumerConf {
        attempts = attempts == null ? 5 : attempts;
        backoffMs = backoffMs == null ? 200L : backoffMs;
        if (attempts < 1 || attempts > 12) {
            throw new IllegalArgumentException("Attempts: " + attempts + " (expected 1..12)");
        }
        if (backoffMs < 0) {
            throw new IllegalArgumentException("BackoffMs: " + backoffMs + " (expected >= 0)");
        }
    }

    /** The queue options these keys describe. */
    public KafkaQueue.Options options() {
        return new KafkaQueue.Options(topic, group, attempts, Duration.ofMillis(backoffMs));
    }
}
