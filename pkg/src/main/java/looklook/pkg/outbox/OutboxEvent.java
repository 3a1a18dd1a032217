package looklook.pkg.outbox;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One fact to publish once the transaction that produced it has committed (transactional
 * outbox): a Kafka record ({@link Sink#KAFKA}: destination = topic, key = record key) or a job on
 * the Redis job queue ({@link Sink#JOB}: destination = job type, key = the task's unique id,
 * availableAt = when it should run).
 *
 * @param eventId     unique per event; consumers dedupe on it
 * @param payload     JSON text
 */
public record OutboxEvent(String eventId, Sink sink, String destination, String key, String payload,
                          Instant availableAt) {
    /** Where an event goes. */
    public enum Sink {
        KAFKA("kafka"),
        JOB("job");

        private final String code;

        Sink(String code) {
            this.code = code;
        }

        /** The value stored in outbox.sink. */
        public String code() {
            return code;
        }

        /** The sink stored as {@code code}. */
        public static Sink of(String code) {
            for (Sink s : values()) {
                if (s.code.equals(code)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("outbox sink " + code);
        }
    }

    public OutboxEvent {
        requireNonNull(eventId, "eventId");
        requireNonNull(sink, "sink");
        requireNonNull(destination, "destination");
        requireNonNull(key, "key");
        requireNonNull(payload, "payload");
        requireNonNull(availableAt, "availableAt");
    }

    /** A Kafka record to send as soon as possible. */
    public static OutboxEvent kafka(String eventId, String topic, String key, String payloadJson) {
        return new OutboxEvent(eventId, Sink.KAFKA, topic, key, payloadJson, Instant.EPOCH);
    }

    /** A job to run at {@code runAt}; {@code taskId} makes a second enqueue of it a no-op. */
    public static OutboxEvent job(String eventId, String jobType, String taskId, String payloadJson, Instant runAt) {
        return new OutboxEvent(eventId, Sink.JOB, jobType, taskId, payloadJson, runAt);
    }
}
