package looklook.pkg.kafka;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Predicate;
import looklook.pkg.ops.HealthCheck;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;

/**
 * Consumes one topic in one group, one record at a time in partition order (go-zero's kq.Queue),
 * and never loses a message. A failure is one of three kinds:
 * <ul>
 * <li>poison ({@link PoisonMessageException}): the record goes to {@code <topic>-dlq} with the reason at once;
 * <li>a dependency is down ({@link Options#dependencyDown()}, by default
 * {@link DependencyFailures#isDependencyDown}, which knows {@link DependencyUnavailableException}):
 * the partition pauses and the record is tried again, the waits doubling up to
 * {@code dependencyBackoffMax}, for as long as the outage lasts. Its tries are not spent;
 * an outage never dead-letters a message;
 * <li>anything else is the record's own failure: tried {@code attempts} times in all,
 * {@code backoffBase}, twice, four times... as long apart, then dead-lettered with the reason.
 * </ul>
 * A record waiting to be tried again holds back the records after it in its partition (their
 * order is kept); other partitions go on. A dead letter is acknowledged before the offset moves;
 * when the dead-letter topic cannot take it, the record waits as for an outage, never skipped.
 *
 * <p>Kafka evicts a member that does not poll within {@code max.poll.interval.ms}, and its
 * commits then fail. So no wait happens between two polls: a record to try later is sought back
 * to and its partition paused (the loop keeps polling, the member stays in the group), and a poll's
 * records are handled for at most half of the smaller of {@code maxPollInterval} and
 * {@code stallLimit}; the rest are sought back and polled again. Only one handler call that
 * outlasts the interval can still cost the membership. Handled offsets are committed without
 * waiting, at most once per 100 ms and at most 100 ms after they were handled (after a poll, or
 * before the next record of a poll's records; so a handler call that outlasts the interval costs a
 * redelivery of its own record and at most the few handled just before it); synchronously for
 * revoked partitions on a rebalance, and at close. A commit that fails is logged, sent again, and
 * the loop goes on: records whose commit is lost come again to whoever owns the partition, so
 * handlers must be idempotent (a crash redelivers too). Tries are counted
 * per partition and forgotten when the partition moves. The loop ends only at {@link #close()}:
 * an unexpected exception is logged and polling resumes a second later. {@link #health()} fails
 * when the loop has not polled for longer than {@code stallLimit} (a handler stuck).
 *
 * <p>Why our own loop and not Confluent's parallel consumer (parallel-consumer-core): its point is
 * handling records concurrently (per key or unordered), while this mesh wants one record at a time
 * in partition order, one thread per process on two cores. It has no dead-letter topic and no
 * split between an outage and a bad message to build on, so the code above would remain. It is
 * built against kafka-clients 3.9 and reads the consumer's internal classes by name, which broke on
 * 3.9 already (confluentinc/parallel-consumer#840, #874); kafka-clients 4.x is not supported
 * (#904), and the Confluent-hosted project is no longer maintained. The pause/seek loop is a
 * few hundred lines over the plain consumer this project pins (4.1.0).
 */
public final class KafkaQueue implements AutoCloseable {
    /** Headers a dead-lettered record carries. */
    public static final String DLQ_REASON = "dlq-reason";
    public static final String DLQ_ORIGIN = "dlq-origin";

    /** One record's handling. */
    @FunctionalInterface
    public interface Handler {
        void handle(ConsumerRecord<String, String> record) throws Exception;
    }

    /**
     * @param attempts             tries of a record's own failure before it is dead-lettered
     * @param backoffBase          wait before the second try, doubled for each further one; also the
     *                             first wait of an outage (at least 100 ms)
     * @param maxPollRecords       records one poll returns at most
     * @param maxPollInterval      Kafka's {@code max.poll.interval.ms}: a member silent longer is evicted
     * @param stallLimit           {@link #health()} fails when the loop has not polled for longer
     * @param dependencyBackoffMax the longest wait between two tries of a record whose dependency is down
     * @param dependencyDown       true for a failure that a dependency being down caused
     */
    public record Options(String topic, String group, int attempts, Duration backoffBase, int maxPollRecords,
                          Duration maxPollInterval, Duration stallLimit, Duration dependencyBackoffMax,
                          Predicate<Throwable> dependencyDown) {
        public static final int DEFAULT_ATTEMPTS = 5;
        public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(200);
        /** The shortest wait between tries while a dependency is down: never a tight loop through an outage. */
        public static final Duration MIN_DEPENDENCY_BACKOFF = Duration.ofMillis(100);
        public static final int DEFAULT_MAX_POLL_RECORDS = 20;
        /** Kafka's own default. */
        public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);
        public static final Duration DEFAULT_STALL_LIMIT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_DEPENDENCY_BACKOFF_MAX = Duration.ofSeconds(5);
        private static final Duration MIN_OUTAGE_WAIT = Duration.ofMillis(100);
        /** Doubling stops here: 2^20 times the base is already beyond any sensible wait. */
        private static final int MAX_DOUBLINGS = 20;

        public Options {
            requireNonNull(topic, "topic");
            requireNonNull(group, "group");
            requireNonNull(dependencyDown, "dependencyDown");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts: " + attempts + " (expected >= 1)");
            }
            if (maxPollRecords < 1) {
                throw new IllegalArgumentException("maxPollRecords: " + maxPollRecords + " (expected >= 1)");
            }
            requirePositive("maxPollInterval", maxPollInterval);
            requirePositive("stallLimit", stallLimit);
            requireNotNegative("backoffBase", backoffBase);
            if (dependencyBackoffMax.compareTo(MIN_DEPENDENCY_BACKOFF) < 0) {
                throw new IllegalArgumentException("dependencyBackoffMax: " + dependencyBackoffMax + " (expected >= "
                        + MIN_DEPENDENCY_BACKOFF + ")");
            }
        }

        /** The given retry schedule and the defaults for the rest. */
        public Options(String topic, String group, int attempts, Duration backoffBase) {
            this(topic, group, attempts, backoffBase, DEFAULT_MAX_POLL_RECORDS, DEFAULT_MAX_POLL_INTERVAL, DEFAULT_STALL_LIMIT,
                    DEFAULT_DEPENDENCY_BACKOFF_MAX, DependencyFailures::isDependencyDown);
        }

        /** Five tries, 200 ms, 400 ms, 800 ms, 1.6 s apart. */
        public static Options of(String topic, String group) {
            return new Options(topic, group, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF);
        }

        public Options withPolling(int maxPollRecords, Duration maxPollInterval) {
            return new Options(topic, group, attempts, backoffBase, maxPollRecords, maxPollInterval, stallLimit,
                    dependencyBackoffMax, dependencyDown);
        }

        public Options withStallLimit(Duration stallLimit) {
            return new Options(topic, group, attempts, backoffBase, maxPollRecords, maxPollInterval, stallLimit,
                    dependencyBackoffMax, dependencyDown);
        }

        public Options withDependencyBackoffMax(Duration dependencyBackoffMax) {
            return new Options(topic, group, attempts, backoffBase, maxPollRecords, maxPollInterval, stallLimit,
                    dependencyBackoffMax, dependencyDown);
        }

        /** Replaces the classifier, e.g. {@code DependencyFailures::isDependencyDown} or'ed with a rule of the handler's. */
        public Options withDependencyDown(Predicate<Throwable> dependencyDown) {
            return new Options(topic, group, attempts, backoffBase, maxPollRecords, maxPollInterval, stallLimit,
                    dependencyBackoffMax, dependencyDown);
        }

        /** The dead-letter topic. */
        public String dlqTopic() {
            return topic + "-dlq";
        }

        /**
         * How long the records of one poll are handled before the rest are left for the next poll:
         * the loop polls again within this plus one handler call.
         */
        public Duration batchBudget() {
            Duration shorter = maxPollInterval.compareTo(stallLimit) < 0 ? maxPollInterval : stallLimit;
            return shorter.dividedBy(2);
        }

        /** The wait after the record's {@code failures}-th own failure. */
        Duration failureBackoff(int failures) {
            return doubled(backoffBase, failures);
        }

        /** The wait after the {@code outages}-th failure in a row that a dependency caused. */
        Duration dependencyBackoff(int outages) {
            Duration first = backoffBase.compareTo(MIN_OUTAGE_WAIT) < 0 ? MIN_OUTAGE_WAIT : backoffBase;
            Duration d = doubled(first, outages);
            return d.compareTo(dependencyBackoffMax) > 0 ? dependencyBackoffMax : d;
        }

        private static Duration doubled(Duration base, int nth) {
            return base.multipliedBy(1L << Math.min(Math.max(nth - 1, 0), MAX_DOUBLINGS));
        }

        private static void requirePositive(String name, Duration d) {
            requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d.toMillis() + " ms (expected > 0)");
            }
        }

        private static void requireNotNegative(String name, Duration d) {
            requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + ": " + d.toMillis() + " ms (expected >= 0)");
            }
        }
    }

    private final Options opts;
    private final ConsumerLoop loop;
    private final Runnable stopDeadLetterCount;
    private final Thread thread;
    private volatile boolean started;

    public KafkaQueue(KafkaConf conf, Options opts, Handler handler, Producer<String, String> dlq, MeterRegistry metrics) {
        this.opts = requireNonNull(opts, "opts");
        this.loop = new ConsumerLoop(requireNonNull(conf, "conf"), opts, requireNonNull(handler, "handler"),
                requireNonNull(dlq, "dlq"), requireNonNull(metrics, "metrics"));
        this.thread = new Thread(loop::run, "kq-" + opts.topic());
        // what this queue gave up on, for the operator: kafka_dead_letters{topic="<topic>-dlq"}
        this.stopDeadLetterCount = new DeadLetters(conf, opts.dlqTopic()).registerGauge(metrics);
    }

    /** Starts consuming in the background. */
    public KafkaQueue start() {
        started = true;
        thread.start();
        return this;
    }

    /**
     * Fails when the loop is not running or has not polled for longer than {@code stallLimit}: a
     * handler is stuck, and the group has evicted (or soon will evict) this member. Healthy
     * through a dependency outage, as long as the loop polls (the dependency's own check says it is down).
     */
    public HealthCheck health() {
        return () -> {
            if (!started || !thread.isAlive()) {
                throw new IllegalStateException("kafka queue " + opts.topic() + ": loop not running");
            }
            Duration age = loop.lastPollAge();
            if (age.compareTo(opts.stallLimit()) > 0) {
                throw new IllegalStateException("kafka queue " + opts.topic() + ": no poll for " + age.toMillis()
                        + " ms (limit " + opts.stallLimit().toMillis() + " ms): a handler is stuck");
            }
        };
    }

    /**
     * Stops after the record in hand (a record waiting to be tried again is left for redelivery)
     * and commits what was handled. A handler still busy after 15 s is interrupted.
     */
    @Override
    public void close() {
        stopDeadLetterCount.run();
        // no consumer.wakeup(): it would also abort the final commit; a poll returns within 500 ms
        loop.stop();
        if (!started) {
            loop.closeConsumer();
            return;
        }
        try {
            thread.join(15_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
