package looklook.pkg.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/** The meters of one queue, tagged with its topic; Prometheus names in the Javadoc of each. */
final class QueueMeters {
    /** Why a record waits to be tried again: the {@code cause} tag of {@code kafka_queue_retried_total}. */
    enum RetryCause {
        /** The record's own failure: a try spent. */
        FAILURE("failure"),
        /** A dependency was down: no try spent. */
        DEPENDENCY("dependency"),
        /** The dead-letter topic did not take the record. */
        DEAD_LETTER("dead_letter");

        private final String tag;

        RetryCause(String tag) {
            this.tag = tag;
        }
    }

    /** {@code kafka_queue_handled_total}: records the handler took. */
    final Counter handled;
    /** {@code kafka_queue_dead_lettered_total}: records sent to the dead-letter topic. */
    final Counter deadLettered;
    /** {@code kafka_queue_commit_failed_total}: offset commits the group refused or timed out (their records come again). */
    final Counter commitFailed;
    /** {@code kafka_queue_loop_errors_total}: unexpected exceptions the loop survived. */
    final Counter loopErrors;
    private final Counter[] retried = new Counter[RetryCause.values().length];

    /**
     * Also registers the gauges {@code kafka_queue_paused} (partitions whose next record waits to be
     * tried again; non-zero through an outage) and {@code kafka_queue_last_poll_age_seconds}.
     */
    QueueMeters(MeterRegistry registry, String topic, Supplier<Number> paused, Supplier<Number> lastPollAgeSeconds) {
        handled = Counter.builder("kafka.queue.handled").tag("topic", topic).register(registry);
        deadLettered = Counter.builder("kafka.queue.dead_lettered").tag("topic", topic).register(registry);
        commitFailed = Counter.builder("kafka.queue.commit_failed").tag("topic", topic).register(registry);
        loopErrors = Counter.builder("kafka.queue.loop_errors").tag("topic", topic).register(registry);
        for (RetryCause c : RetryCause.values()) {
            retried[c.ordinal()] = Counter.builder("kafka.queue.retried").description("records put back to be tried again")
                    .tag("topic", topic).tag("cause", c.tag).register(registry);
        }
        Gauge.builder("kafka.queue.paused", paused).tag("topic", topic)
                .description("partitions whose next record waits to be tried again").strongReference(true).register(registry);
        Gauge.builder("kafka.queue.last.poll.age", lastPollAgeSeconds).tag("topic", topic).baseUnit("seconds")
                .description("time since the consumer loop last polled").strongReference(true).register(registry);
    }

    Counter retried(RetryCause cause) {
        return retried[cause.ordinal()];
    }
}
