package looklook.pkg.outbox;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.TaskSpec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox rows: Kafka records through an idempotent producer, jobs onto the
 * Redis job queue (whose unique task ids make a repeat harmless). Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so any number of replicas relay side by side without sending a
 * row twice; a row is marked sent only after the broker or Redis acknowledged it, so an outage
 * only delays events. Delivery is at-least-once (a crash between acknowledgement and commit
 * resends); consumers dedupe on the event id.
 */
public final class OutboxRelay implements AutoCloseable {
    /** Kafka header carrying the outbox event id. */
    public static final String EVENT_ID_HEADER = "eventId";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final Jdbi jdbi;
    private final Producer<String, String> kafka;
    private final JobClient jobs;
    private final Duration poll;
    private final Counter sent;
    private final Counter failed;
    private final Thread loop;
    private final Object wake = new Object();
    private volatile boolean running = true;

    /**
     * @param kafka null when this service writes no Kafka events
     * @param jobs  null when this service writes no jobs
     */
    public OutboxRelay(Jdbi jdbi, Producer<String, String> kafka, JobClient jobs, Duration poll, MeterRegistry metrics) {
        this.jdbi = requireNonNull(jdbi, "jdbi");
        this.kafka = kafka;
        this.jobs = jobs;
        this.poll = requireNonNull(poll, "poll");
        this.sent = Counter.builder("outbox.sent").register(metrics);
        this.failed = Counter.builder("outbox.failed").register(metrics);
        this.loop = new Thread(this::run, "outbox-relay");
        this.loop.setDaemon(true);
    }

    /** Starts relaying in the background. */
    public OutboxRelay start() {
        loop.start();
        return this;
    }

    /** Relays now instead of at the next poll (call after committing an event, to cut latency). */
    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        long lastCleanup = 0;
        while (running) {
            int n;
            try {
                n = relayOnce();
                if (System.currentTimeMillis() - lastCleanup > 3_600_000) {
                    lastCleanup = System.currentTimeMillis();
                    jdbi.useHandle(h -> h.execute("DELETE FROM outbox WHERE sent_at < NOW(3) - INTERVAL 7 DAY LIMIT 10000"));
                }
            } catch (RuntimeException e) {
                log.warn("outbox relay round failed (will retry): {}", e.toString());
                n = -1;
            }
            if (n == BATCH) {
                continue; // more waiting: no pause
            }
            synchronized (wake) {
                try {
                    wake.wait(n < 0 ? 1000 : poll.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One round: claims up to a batch of unsent rows, publishes them, marks what was acknowledged. Returns rows claimed. */
    public int relayOnce() {
        // READ COMMITTED: no gap locks, so two relays' SKIP LOCKED scans and sent_at updates cannot deadlock
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            List<Row> rows = h.createQuery("SELECT id, event_id, sink, destination, msg_key, payload, available_at FROM outbox "
                            + "WHERE sent_at IS NULL ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED")
                    .map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2), OutboxEvent.Sink.of(rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7)))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<Future<?>> acks = new ArrayList<>();
            for (Row r : rows) {
                acks.add(publish(r));
            }
            List<Long> done = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                try {
                    acks.get(i).get(20, TimeUnit.SECONDS);
                    done.add(r.id());
                } catch (Exception e) {
                    markFailed(h, r, e);
                }
            }
            if (!done.isEmpty()) {
                h.createUpdate("UPDATE outbox SET sent_at = NOW(3), attempts = attempts + 1 WHERE id IN (<ids>)")
                        .bindList("ids", done).execute();
                sent.increment(done.size());
            }
            return rows.size();
        });
    }

    private Future<?> publish(Row r) {
        try {
            if (r.sink() == OutboxEvent.Sink.KAFKA) {
                requireNonNull(kafka, "outbox has a kafka event but the relay has no producer");
                ProducerRecord<String, String> rec = new ProducerRecord<>(r.destination(), r.key(), r.payload());
                rec.headers().add(EVENT_ID_HEADER, r.eventId().getBytes(StandardCharsets.UTF_8));
                return kafka.send(rec);
            }
            requireNonNull(jobs, "outbox has a job but the relay has no job client");
            jobs.enqueue(TaskSpec.of(r.destination(), r.key(), r.payload()).at(Instant.ofEpochMilli(r.availableAtMs())));
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private void markFailed(Handle h, Row r, Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String msg = String.valueOf(cause);
        log.warn("outbox event {} ({} {}) not published yet: {}", r.eventId(), r.sink().code(), r.destination(), msg);
        h.createUpdate("UPDATE outbox SET attempts = attempts + 1, last_error = :err WHERE id = :id")
                .bind("err", msg.length() > 255 ? msg.substring(0, 255) : msg).bind("id", r.id()).execute();
        failed.increment();
    }

    /** Stops after the round in progress. */
    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Row(long id, String eventId, OutboxEvent.Sink sink, String destination, String key, String payload,
                       long availableAtMs) {
    }
}
