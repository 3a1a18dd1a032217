package looklook.pkg.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import looklook.pkg.kafka.QueueMeters.RetryCause;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread behind a {@link KafkaQueue} (whose Javadoc says what it promises). Everything but
 * the volatile fields is touched by the loop thread only, as KafkaConsumer requires.
 */
final class ConsumerLoop {
    private static final Logger log = LoggerFactory.getLogger(KafkaQueue.class);
    private static final long POLL_MS = 500;
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final long DLQ_TIMEOUT_S = 30;
    private static final long LOOP_ERROR_PAUSE_MS = 1_000;
    /**
     * Handled offsets are committed at most this often, and at most this long after handling (the poll's
     * wait ends then). Each commit is a request the broker's group coordinator serves: per record, it was
     * as many as the fetches and the produces together (a purchase's records arrive one poll each).
     */
    private static final long COMMIT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final KafkaQueue.Options opts;
    private final KafkaQueue.Handler handler;
    private final Producer<String, String> dlq;
    private final KafkaConsumer<String, String> consumer;
    private final QueueMeters meters;
    /** Per partition, the record it waits to try again. */
    private final Map<TopicPartition, RetryState> retries = new HashMap<>();
    /** Handled, its commit not yet confirmed: the next offset per partition, what revocation and close commit. */
    private final Map<TopicPartition, OffsetAndMetadata> unconfirmed = new HashMap<>();
    /** Handled and in no commit sent yet (or in one that failed). */
    private final Map<TopicPartition, OffsetAndMetadata> unsent = new HashMap<>();
    private long lastCommitNanos = System.nanoTime() - COMMIT_EVERY_NANOS;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile int waiting;
    private volatile boolean running = true;

    ConsumerLoop(KafkaConf conf, KafkaQueue.Options opts, KafkaQueue.Handler handler, Producer<String, String> dlq,
                 MeterRegistry metrics) {
        this.opts = opts;
        this.handler = handler;
        this.dlq = dlq;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", conf.brokers()));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, opts.group());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, opts.maxPollRecords());
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, opts.maxPollInterval().toMillis()));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.meters = new QueueMeters(metrics, opts.topic(), () -> waiting, () -> lastPollAge().toMillis() / 1000.0);
    }

    Duration lastPollAge() {
        return Duration.ofNanos(System.nanoTime() - lastPollNanos);
    }

    void stop() {
        running = false;
    }

    /** For a queue closed before it started: nobody else will close the consumer. */
    void closeConsumer() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    void run() {
        lastPollNanos = System.nanoTime();
        try {
            consumer.subscribe(List.of(opts.topic()), new Rebalance());
            while (running) {
                try {
                    pollAndHandle();
                } catch (RuntimeException | Error e) {
                    if (!running) {
                        break;
                    }
                    survive(e);
                }
            }
        } finally {
            Thread.interrupted(); // close() may have interrupted a stuck handler; the commit and close must still run
            try {
                if (!unconfirmed.isEmpty()) {
                    commit(Map.copyOf(unconfirmed));
                }
            } catch (RuntimeException e) {
                log.warn("kafka queue {}: final commit failed ({}): the records are redelivered", opts.topic(), e.toString());
            }
            closeConsumer();
        }
    }

    /** The loop outlives anything: a dead loop in a live process would consume nothing while looking fine. */
    private void survive(Throwable e) {
        if (e instanceof InterruptException) {
            Thread.interrupted(); // close() stops the loop before it interrupts: this one is not ours, and would fail every poll
        }
        meters.loopErrors.increment();
        log.error("kafka queue {}: unexpected {}; polling again in {} ms", opts.topic(), e.toString(), LOOP_ERROR_PAUSE_MS, e);
        try {
            Thread.sleep(LOOP_ERROR_PAUSE_MS);
        } catch (InterruptedException stopping) {
            // close() gave up waiting: the loop condition ends it
        }
    }

    private void pollAndHandle() {
        resumeDue();
        ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(pollTimeoutMs()));
        long polled = System.nanoTime();
        lastPollNanos = polled;
        if (!batch.isEmpty()) {
            handle(batch, polled + opts.batchBudget().toNanos());
        }
        if (System.nanoTime() - lastCommitNanos >= COMMIT_EVERY_NANOS) {
            commitAsync();
        }
    }

    /** Handles records until the budget ends; whatever is left is sought back to, so the next poll returns it again. */
    private void handle(ConsumerRecords<String, String> batch, long deadline) {
        // the first offset not handled per partition: the consumer's position is already past the whole batch
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            rewind.put(tp, batch.records(tp).get(0).offset());
        }
        try {
            for (TopicPartition tp : batch.partitions()) {
                List<ConsumerRecord<String, String>> records = batch.records(tp);
                for (ConsumerRecord<String, String> r : records) {
                    if (!running || System.nanoTime() - deadline > 0) {
                        return;
                    }
                    if (System.nanoTime() - lastCommitNanos >= COMMIT_EVERY_NANOS) {
                        commitAsync(); // should the next call outlast the poll interval, what came before it is not handled again
                    }
                    if (!handleOne(tp, r)) {
                        break; // it waits to be tried again; the partition is paused
                    }
                    done(tp, r);
                    rewind.put(tp, r.offset() + 1);
                }
                if (rewind.get(tp) > records.get(records.size() - 1).offset()) {
                    rewind.remove(tp);
                }
            }
        } finally {
            rewind.forEach(consumer::seek);
        }
    }

    /** True when the record is done with (handled or dead-lettered), false when it must be tried again. */
    private boolean handleOne(TopicPartition tp, ConsumerRecord<String, String> r) {
        RetryState known = retries.get(tp);
        RetryState state = known != null && known.offset() == r.offset() ? known : RetryState.of(r.offset());
        if (state.deadLetterReason() != null) {
            return deadLetter(tp, r, state.deadLetterReason(), state);
        }
        try {
            handler.handle(r);
        } catch (PoisonMessageException e) {
            return deadLetter(tp, r, "poison: " + e.getMessage(), state);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            // a handler's own Error (a class that will not load, a broken invariant) is the record's failure
            // like any exception: counted, then dead-lettered; without this it would stall the partition forever
            return failed(tp, r, e, state);
        }
        forget(tp);
        meters.handled.increment();
        return true;
    }

    private boolean failed(TopicPartition tp, ConsumerRecord<String, String> r, Throwable e, RetryState state) {
        if (!running || e instanceof InterruptedException) {
            return false; // close(): the record is left for redelivery, its tries unspent
        }
        if (opts.dependencyDown().test(e)) {
            RetryState next = state.outage();
            Duration wait = opts.dependencyBackoff(next.outages());
            log.warn("{} {}-{}@{} key={}: dependency unavailable ({}): partition paused, trying again in {} ms"
                            + " ({} in a row; tries spent {}/{})", opts.topic(), r.topic(), r.partition(), r.offset(), r.key(),
                    e.toString(), wait.toMillis(), next.outages(), next.failures(), opts.attempts());
            return tryAgainLater(tp, next, wait, RetryCause.DEPENDENCY);
        }
        RetryState next = state.failed();
        log.warn("{} {}-{}@{} key={} attempt {} failed: {}", opts.topic(), r.topic(), r.partition(), r.offset(), r.key(),
                next.failures(), e.toString());
        if (next.failures() >= opts.attempts()) {
            return deadLetter(tp, r, "failed " + next.failures() + " time(s): " + e, next);
        }
        return tryAgainLater(tp, next, opts.failureBackoff(next.failures()), RetryCause.FAILURE);
    }

    private boolean deadLetter(TopicPartition tp, ConsumerRecord<String, String> r, String reason, RetryState state) {
        try {
            // acknowledged before the offset moves: a dead letter is never lost either
            dlq.send(deadLetterOf(r, reason)).get(DLQ_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return false;
            }
            // the dead-letter topic is a dependency like any other: wait for it, never skip the record
            RetryState next = state.deadLetterFailed(reason);
            Duration wait = opts.dependencyBackoff(next.outages());
            log.error("{} {}-{}@{} key={} cannot be dead-lettered to {} ({}): partition paused, trying again in {} ms",
                    opts.topic(), r.topic(), r.partition(), r.offset(), r.key(), opts.dlqTopic(), e.toString(), wait.toMillis());
            return tryAgainLater(tp, next, wait, RetryCause.DEAD_LETTER);
        }
        forget(tp);
        meters.deadLettered.increment();
        log.error("{} {}-{}@{} key={} dead-lettered to {}: {}", opts.topic(), r.topic(), r.partition(), r.offset(), r.key(),
                opts.dlqTopic(), reason);
        return true;
    }

    private ProducerRecord<String, String> deadLetterOf(ConsumerRecord<String, String> r, String reason) {
        ProducerRecord<String, String> d = new ProducerRecord<>(opts.dlqTopic(), r.key(), r.value());
        r.headers().forEach(h -> d.headers().add(h));
        d.headers().add(KafkaQueue.DLQ_REASON, truncate(reason).getBytes(StandardCharsets.UTF_8));
        d.headers().add(KafkaQueue.DLQ_ORIGIN, (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        return d;
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() <= 500 ? s : s.substring(0, 500);
    }

    /** The wait happens between polls, not here: the partition pauses and {@link #resumeDue} lets it go. */
    private boolean tryAgainLater(TopicPartition tp, RetryState next, Duration wait, RetryCause cause) {
        retries.put(tp, next.dueAt(System.nanoTime() + wait.toNanos()));
        waiting = retries.size();
        consumer.pause(List.of(tp));
        meters.retried(cause).increment();
        return false;
    }

    private void forget(TopicPartition tp) {
        if (retries.remove(tp) != null) {
            waiting = retries.size();
        }
    }

    private void resumeDue() {
        long now = System.nanoTime();
        List<TopicPartition> due = new ArrayList<>();
        for (TopicPartition tp : consumer.paused()) {
            RetryState s = retries.get(tp);
            // a paused partition without a state lost it in a rebalance: its record is fetched afresh
            if (s == null || s.isDue(now)) {
                due.add(tp);
            }
        }
        if (!due.isEmpty()) {
            consumer.resume(due);
        }
    }

    /** Polls no longer than until the next paused partition is due, so a short backoff stays short. */
    private long pollTimeoutMs() {
        long now = System.nanoTime();
        long ms = POLL_MS;
        if (!unsent.isEmpty()) {
            ms = Math.max(0, Math.min(ms, TimeUnit.NANOSECONDS.toMillis(lastCommitNanos + COMMIT_EVERY_NANOS - now) + 1));
        }
        for (RetryState s : retries.values()) {
            if (!s.isDue(now)) {
                ms = Math.min(ms, TimeUnit.NANOSECONDS.toMillis(s.dueNanos() - now) + 1);
            }
        }
        return ms;
    }

    private void done(TopicPartition tp, ConsumerRecord<String, String> r) {
        OffsetAndMetadata next = new OffsetAndMetadata(r.offset() + 1);
        unconfirmed.put(tp, next);
        unsent.put(tp, next);
    }

    /**
     * Commits what was handled since the last commit, without waiting: the request goes out now and
     * a later poll reads the answer. A failed one is counted and sent again after the next poll,
     * unless a later offset of the partition is on its way or the partition went elsewhere.
     */
    private void commitAsync() {
        if (unsent.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(unsent);
        lastCommitNanos = System.nanoTime();
        consumer.commitAsync(offsets, (o, e) -> {
            if (e == null) {
                o.forEach((tp, next) -> unconfirmed.remove(tp, next));
                return;
            }
            meters.commitFailed.increment();
            log.warn("kafka queue {}: commit of {} failed ({}): those records may be handled again", opts.topic(), o, e.toString());
            o.forEach((tp, next) -> {
                if (next.equals(unconfirmed.get(tp))) {
                    unsent.putIfAbsent(tp, next);
                }
            });
        });
        // taken off once the request is out (should the call throw, an interrupt, they go with the next commit),
        // and only what was sent: the call may run an earlier commit's callback that puts a failed offset back
        offsets.forEach(unsent::remove);
    }

    /**
     * Commits synchronously (on revocation and at close). False when the group refused the commit
     * or did not answer in time: if the offsets are never committed, the records go again to the
     * partition's next owner; handlers are idempotent.
     */
    private boolean commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
            return true;
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            meters.commitFailed.increment();
            log.warn("kafka queue {}: commit of {} failed ({}): those records may be handled again", opts.topic(), offsets,
                    e.toString());
            return false;
        }
    }

    /** Commits what was handled before partitions move, and forgets their retry state (tries restart with the new owner). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> owed = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = unconfirmed.get(tp);
                if (o != null) {
                    owed.put(tp, o);
                }
            }
            try {
                if (!owed.isEmpty() && commit(owed)) {
                    log.info("kafka queue {}: committed {} before giving up the partitions", opts.topic(), owed);
                }
            } catch (RuntimeException e) {
                // thrown out of here it would fail the poll; the records go to the next owner instead
                meters.commitFailed.increment();
                log.warn("kafka queue {}: commit on revocation failed ({})", opts.topic(), e.toString());
            }
            drop(partitions);
            log.info("kafka queue {}: partitions revoked {}", opts.topic(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions);
            log.warn("kafka queue {}: partitions lost {} (the group went on without us): what was handled but not"
                    + " committed goes again to their next owner", opts.topic(), partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.info("kafka queue {}: partitions assigned {}", opts.topic(), partitions);
        }

        private void drop(Collection<TopicPartition> partitions) {
            unconfirmed.keySet().removeAll(partitions);
            unsent.keySet().removeAll(partitions);
            retries.keySet().removeAll(partitions);
            waiting = retries.size();
        }
    }
}
