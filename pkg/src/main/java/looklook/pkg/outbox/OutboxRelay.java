package looklook.pkg.outbox;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import looklook.pkg.events.JobQueues;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.TaskSpec;
import looklook.pkg.ops.Pump;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Publishes committed outbox rows: Kafka records through an idempotent producer, jobs onto the
 * Redis job queue (whose unique task ids make a repeat harmless).
 *
 * <p>A round claims a batch with one short UPDATE (a lease on each row, so replicas relay side by
 * side without sending a row twice), publishes with no transaction open and no row locked, then
 * marks what the broker or Redis acknowledged; every statement runs at READ COMMITTED, so none takes
 * the gap locks that would hold up the inserts of new events. A row that failed waits before its next
 * try, longer each time; an outage stops the sending at its first sign (the rest are not tried
 * against a dead broker) and the loop backs off. Only a row's own failures count towards
 * {@link Options#maxOwnFailures}: refused while the broker took other rows in the same round; after
 * them the row is dead: kept, counted in the {@code outbox.dead} gauge and logged, for an operator. Delivery is at-least-once (a
 * crash between acknowledgement and marking, or a lease that ran out, resends); consumers dedupe on
 * the event id. Sent rows are deleted after {@link Options#retention}, in batches until none is left.
 *
 * <p>A writer that adds its event through {@link #add} writes the row reserved to its own relay for
 * {@link Options#reserve} (no sweep claims it meanwhile) and hands it over when its transaction commits.
 * The next round sends the handed rows as they were written; what was acknowledged is marked a moment
 * later, with what later rounds sent meanwhile: one statement for many rows, where a sweep takes three
 * (claim, read, mark) for its batch. A handed row that fails, or that a round
 * cannot reach while two thirds of its reserve are left (a send may take the producer's whole delivery
 * timeout, and the row must not become another sweep's while it is in flight), is left as it is: when
 * the reserve ends it is due like any other, and the sweep (a claim of every due row, at least every
 * {@link Options#poll}) tries it and counts its failures. So does a row whose writer crashed between commit and hand-off.
 */
public final class OutboxRelay implements AutoCloseable {
    /** Kafka header carrying the outbox event id. */
    public static final String EVENT_ID_HEADER = "eventId";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    /**
     * A claim's lease outlives a round: every send is acknowledged or failed within the producer's
     * delivery timeout (15 s), and they run side by side; a crash frees the rows after it.
     */
    private static final long LEASE_MS = 60_000;
    private static final int CLEANUP_BATCH = 10_000;
    private static final long CLEANUP_EVERY_MS = 600_000;
    private static final long STATS_EVERY_MS = 5_000;
    /** A mark by id lists the ids in its text: at most this many, so the driver prepares few texts. */
    private static final int HANDED_BATCH = 32;
    /** Hand-offs kept while rounds cannot keep up (an outage); past it, the sweep finds the rows. */
    private static final int MAX_HANDED = 10_000;
    /**
     * Acknowledged handed rows are marked together once the first has waited this long (or at the next
     * round after it, a poll at most when idle): one statement for the rows of many rounds. A crash
     * meanwhile resends them after their reserve, as a crash between acknowledgement and mark always did.
     */
    private static final long MARK_DELAY_MS = 250;

    /**
     * @param poll           pause of an idle loop (a wake-up cuts it short)
     * @param firstBackoff   wait before a failed row's second try, doubled for each further one
     * @param maxBackoff     cap of that wait, and of the loop's pause while rounds fail
     * @param maxOwnFailures a row refused this often while the broker took others is dead
     * @param retention      sent rows are kept this long
     * @param reserve        a row written through {@link #add} is its writer's relay's alone this long; a third
     *                       of it must outlast a send (the producer's delivery timeout, 15 s, and its 5 s block)
     */
    public record Options(Duration poll, Duration firstBackoff, Duration maxBackoff, int maxOwnFailures, Duration retention,
                          Duration reserve) {
        public Options {
            requireNonNull(poll, "poll");
            requireNonNull(firstBackoff, "firstBackoff");
            requireNonNull(maxBackoff, "maxBackoff");
            requireNonNull(retention, "retention");
            requireNonNull(reserve, "reserve");
            if (maxOwnFailures < 1) {
                throw new IllegalArgumentException("maxOwnFailures: " + maxOwnFailures + " (expected >= 1)");
            }
        }

        /** Backoff from 1 s to 10 s, ten own failures, seven days of sent rows, a 30 s reserve. */
        public static Options of(Duration poll) {
            return new Options(poll, Duration.ofSeconds(1), Duration.ofSeconds(10), 10, Duration.ofDays(7), Duration.ofSeconds(30));
        }
    }

    private final Jdbi jdbi;
    private final Producer<String, String> kafka;
    private final JobClient jobs;
    private final Options opts;
    private final Counter sent;
    private final Counter failed;
    private final Counter died;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final Pump pump;
    private final ConcurrentLinkedQueue<Handed> handed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handedCount = new AtomicInteger();
    private final Counter marks;
    private final List<Long> unmarked = new ArrayList<>();
    private long unmarkedSinceMs;
    private long lastCleanupMs;
    private long lastStatsMs;
    private long lastSweepMs;
    private boolean sweepAgain;

    /** With {@link Options#of} defaults. */
    public OutboxRelay(Jdbi jdbi, Producer<String, String> kafka, JobClient jobs, Duration poll, MeterRegistry metrics) {
        this(jdbi, kafka, jobs, Options.of(poll), metrics);
    }

    /**
     * @param kafka null when this service writes no Kafka events
     * @param jobs  null when this service writes no jobs
     */
    public OutboxRelay(Jdbi jdbi, Producer<String, String> kafka, JobClient jobs, Options opts, MeterRegistry metrics) {
        this.jdbi = requireNonNull(jdbi, "jdbi");
        this.kafka = kafka;
        this.jobs = jobs;
        this.opts = requireNonNull(opts, "opts");
        this.sent = Counter.builder("outbox.sent").register(metrics);
        this.failed = Counter.builder("outbox.failed").register(metrics);
        this.died = Counter.builder("outbox.died").register(metrics);
        this.marks = Counter.builder("outbox.handed.marks").description("statements that marked handed rows sent").register(metrics);
        Gauge.builder("outbox.backlog", backlog, AtomicLong::get).description("unsent outbox rows (dead ones excluded)").register(metrics);
        Gauge.builder("outbox.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("age of the oldest unsent outbox row").register(metrics);
        Gauge.builder("outbox.dead", dead, AtomicLong::get).description("outbox rows given up after their own failures")
                .register(metrics);
        this.pump = new Pump("outbox-relay", this::round, BATCH, opts.poll(), opts.firstBackoff(), opts.maxBackoff());
    }

    /** Starts relaying in the background. */
    public OutboxRelay start() {
        pump.start();
        return this;
    }

    /** Relays now instead of at the next poll (call after committing an event, to cut latency). */
    public void wake() {
        pump.wake();
    }

    /**
     * Adds {@code e} in the transaction {@code tx} is in, as {@link Outbox#add} does but reserved to this
     * relay, and when it commits hands the row over and wakes the relay. A rollback hands nothing; outside
     * a transaction the row is handed at once.
     */
    public void add(Handle tx, OutboxEvent e) {
        long reservedUntil = System.currentTimeMillis() + opts.reserve().toMillis();
        Handed r = new Handed(Row.fresh(Outbox.insert(tx, e, reservedUntil), e), reservedUntil);
        if (tx.isInTransaction()) {
            tx.afterCommit(() -> handOff(r));
        } else {
            handOff(r);
        }
    }

    private void handOff(Handed r) {
        if (handedCount.incrementAndGet() <= MAX_HANDED) {
            handed.add(r);
        } else {
            handedCount.decrementAndGet();
        }
        pump.wake();
    }

    private int round() {
        long now = System.currentTimeMillis();
        try {
            // before relaying, so the gauges and the retention keep up while the broker is away
            if (now - lastStatsMs > STATS_EVERY_MS) {
                lastStatsMs = now;
                refreshStats();
            }
            if (now - lastCleanupMs > CLEANUP_EVERY_MS) {
                lastCleanupMs = now;
                cleanup();
            }
        } catch (RuntimeException e) {
            log.warn("outbox housekeeping failed (will retry): {}", e.toString());
        }
        int n;
        try {
            n = relayHanded(drainHanded());
        } finally {
            // also after a round whose sends all failed: what was acknowledged before an outage is marked in it
            markIfDue();
        }
        // a wake-up whose rows an earlier round took finds nothing to do, and costs no statement; a sweep
        // that filled its batch goes on at once (a backlog after an outage drains at full speed)
        if (sweepAgain || now - lastSweepMs >= opts.poll().toMillis()) {
            lastSweepMs = now;
            int swept = sweep();
            sweepAgain = swept >= BATCH;
            n += swept;
        }
        // rows still handed: the pump comes back at once, as after a full batch
        return handed.isEmpty() ? n : Math.max(n, BATCH);
    }

    /**
     * Up to a mark's worth of handed rows, in id order (the order their writers inserted them); those with
     * less than two thirds of their reserve left are dropped for the sweep, which claims them when it ends,
     * and do not count towards the batch (so an empty drain means none is left).
     */
    private List<Row> drainHanded() {
        long now = System.currentTimeMillis();
        long keep = opts.reserve().toMillis() * 2 / 3;
        List<Row> rows = new ArrayList<>();
        for (Handed r = handed.poll(); r != null; r = rows.size() < HANDED_BATCH ? handed.poll() : null) {
            handedCount.decrementAndGet();
            if (r.reservedUntilMs() - now >= keep) {
                rows.add(r.row());
            }
        }
        rows.sort(Comparator.comparingLong(Row::id));
        return rows;
    }

    /**
     * Sends handed rows and keeps what was acknowledged to be marked ({@link #MARK_DELAY_MS}); the rest keeps
     * its reserve and is the sweep's after it. Throws when not one of them could be published (the loop backs off).
     */
    private int relayHanded(List<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<?>> sent = publishAll(rows);
        List<Long> done = new ArrayList<>();
        Throwable firstError = null;
        for (int i = 0; i < sent.size(); i++) {
            Throwable error = failure(sent.get(i));
            if (error == null) {
                done.add(rows.get(i).id());
            } else {
                firstError = firstError == null ? error : firstError;
                failed.increment();
                log.warn("outbox event {} ({} {}) not published on its hand-off, left to the sweep: {}", rows.get(i).eventId(),
                        rows.get(i).sink().code(), rows.get(i).destination(), String.valueOf(error));
            }
        }
        if (!done.isEmpty()) {
            synchronized (unmarked) {
                if (unmarked.isEmpty()) {
                    unmarkedSinceMs = System.currentTimeMillis();
                }
                unmarked.addAll(done);
            }
            this.sent.increment(done.size());
        } else if (firstError != null) {
            throw new IllegalStateException("outbox: no handed row published this round: " + firstError, firstError);
        }
        return rows.size();
    }

    /** Marks the acknowledged handed rows once the first has waited {@link #MARK_DELAY_MS} or a mark's worth are in; else says when. */
    private void markIfDue() {
        synchronized (unmarked) {
            if (unmarked.isEmpty()) {
                return;
            }
            long waited = System.currentTimeMillis() - unmarkedSinceMs;
            if (waited >= MARK_DELAY_MS || unmarked.size() >= HANDED_BATCH) {
                markHanded();
            } else {
                pump.dueWithin(MARK_DELAY_MS - waited);
            }
        }
    }

    /** Marks the acknowledged handed rows sent, a statement per {@link #HANDED_BATCH}; on a failure they wait for the next round. */
    private void markHanded() {
        synchronized (unmarked) {
            while (!unmarked.isEmpty()) {
                List<Long> ids = unmarked.subList(0, Math.min(HANDED_BATCH, unmarked.size()));
                // sent_at IS NULL: a sweep that took the row after its reserve has marked it already
                readCommitted(h -> h.createUpdate("UPDATE outbox SET sent_at = NOW(3), attempts = attempts + 1 "
                        + "WHERE id IN (<ids>) AND sent_at IS NULL").bindList("ids", ids).execute());
                marks.increment();
                ids.clear();
            }
        }
    }

    /** Sends the rows (pipelined), unless a send already shows the broker is away: then the rest waits. */
    private List<Future<?>> publishAll(List<Row> rows) {
        List<Future<?>> sent = new ArrayList<>();
        for (Row r : rows) {
            Future<?> f = publish(r);
            sent.add(f);
            if (f.isDone() && outage(failure(f))) {
                break;
            }
        }
        return sent;
    }

    /**
     * One round now, whatever the poll: every row handed so far, marked at once, then a sweep. Returns the
     * rows sent or tried; throws when not one of them could be published.
     */
    public int relayOnce() {
        int n = 0;
        for (List<Row> rows = drainHanded(); !rows.isEmpty(); rows = drainHanded()) {
            n += relayHanded(rows);
        }
        markHanded();
        return n + sweep();
    }

    /**
     * The sweep: claims up to a batch of due rows (handed or not), publishes them, marks what was acknowledged.
     * Returns the rows claimed; throws when not one of them could be published (the loop backs off).
     */
    private int sweep() {
        long now = System.currentTimeMillis();
        String token = UUID.randomUUID().toString();
        List<Row> rows = readCommitted(h -> {
            int claimed = h.createUpdate("UPDATE outbox SET claim_token = :token, claimed_until = :until "
                            + "WHERE sent_at IS NULL AND dead_at IS NULL AND claimed_until <= :now ORDER BY id LIMIT " + BATCH)
                    .bind("token", token).bind("until", now + LEASE_MS).bind("now", now).execute();
            return claimed == 0 ? List.<Row>of() : readClaimed(h, token);
        });
        return rows.isEmpty() ? 0 : send(rows, token);
    }

    private static List<Row> readClaimed(Handle h, String token) {
        return h.createQuery("SELECT id, event_id, sink, destination, msg_key, payload, "
                        + "available_at, attempts, own_failures FROM outbox WHERE claim_token = :token AND sent_at IS NULL ORDER BY id")
                .bind("token", token)
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2), OutboxEvent.Sink.of(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getInt(8), rs.getInt(9)))
                .list();
    }

    /**
     * Publishes rows claimed under {@code token}, in id order, and marks what was acknowledged.
     * Returns the rows; throws when not one of them could be published (the loop backs off).
     */
    private int send(List<Row> rows, String token) {
        // 1. send them all (pipelined), unless a send already shows the broker is away: then the rest waits
        List<Future<?>> sent = publishAll(rows);
        // 2. what was acknowledged is sent; a failure is the row's own only if the broker took others this round
        List<Long> done = new ArrayList<>();
        List<Row> failedRows = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Throwable error = failure(sent.get(i));
            if (error == null) {
                done.add(rows.get(i).id());
            } else {
                failedRows.add(rows.get(i));
                errors.add(error);
            }
        }
        List<Row> untried = rows.subList(sent.size(), rows.size());
        // the failed and the untried give the claim back first; what still holds it was sent. So every
        // statement has one text whatever the batch (the driver prepares each text once per connection)
        readCommitted(h -> {
            for (int i = 0; i < failedRows.size(); i++) {
                markFailed(h, failedRows.get(i), errors.get(i), !done.isEmpty() && !outage(errors.get(i)), token);
            }
            release(h, untried, token);
            if (!done.isEmpty()) {
                h.createUpdate("UPDATE outbox SET sent_at = NOW(3), attempts = attempts + 1, claim_token = NULL "
                        + "WHERE claim_token = :token").bind("token", token).execute();
                this.sent.increment(done.size());
            }
            return null;
        });
        if (done.isEmpty() && !errors.isEmpty()) {
            throw new IllegalStateException("outbox: nothing published this round: " + errors.get(0), errors.get(0));
        }
        return rows.size();
    }

    /** The failure of a finished or finishing send, or null when it was acknowledged. */
    private static Throwable failure(Future<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (TimeoutException | RuntimeException e) {
            return e;
        }
    }

    /** True for a failure that says the broker or Redis is away, not that it refused this row. */
    private static boolean outage(Throwable e) {
        return e instanceof RetriableException || e instanceof TimeoutException || e instanceof InterruptedException;
    }

    /**
     * Runs {@code work} on one connection at READ COMMITTED, each statement its own transaction: no gap
     * locks, so the claim and the marks never hold up the inserts of new events. On a pool whose sessions
     * are at that level already ({@link looklook.pkg.store.DataSources#openReadCommitted}) this adds no
     * statement; on another the level is set and put back around the work.
     */
    private <T> T readCommitted(HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(h -> {
            TransactionIsolationLevel was = h.getTransactionIsolationLevel();
            h.setTransactionIsolationLevel(TransactionIsolationLevel.READ_COMMITTED);
            try {
                return work.withHandle(h);
            } finally {
                h.setTransactionIsolationLevel(was);
            }
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
            jobs.enqueue(TaskSpec.of(r.destination(), r.key(), r.payload()).at(Instant.ofEpochMilli(r.availableAtMs()))
                    .onQueue(JobQueues.of(r.destination())));
            return CompletableFuture.completedFuture(null);
        } catch (JedisConnectionException e) {
            return CompletableFuture.failedFuture(new TimeoutException("redis: " + e.getMessage()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void markFailed(Handle h, Row r, Throwable cause, boolean own, String token) {
        String msg = String.valueOf(cause);
        int ownFailures = r.ownFailures() + (own ? 1 : 0);
        boolean dies = ownFailures >= opts.maxOwnFailures();
        long retryAt = System.currentTimeMillis() + backoffMs(r.attempts() + 1);
        h.createUpdate("UPDATE outbox SET attempts = attempts + 1, own_failures = :own, last_error = :err, "
                        + "claimed_until = :retryAt, claim_token = NULL, dead_at = IF(:dies, NOW(3), NULL) "
                        + "WHERE id = :id AND claim_token = :token")
                .bind("own", ownFailures).bind("err", msg.length() > 255 ? msg.substring(0, 255) : msg)
                .bind("retryAt", retryAt).bind("dies", dies).bind("id", r.id()).bind("token", token).execute();
        failed.increment();
        if (dies) {
            died.increment();
            log.error("outbox event {} ({} {} key={}) refused {} times while others went through, given up (dead): {}",
                    r.eventId(), r.sink().code(), r.destination(), r.key(), ownFailures, msg);
        } else {
            log.warn("outbox event {} ({} {}) not published yet ({}): {}", r.eventId(), r.sink().code(), r.destination(),
                    own ? "refused" : "broker or Redis unavailable", msg);
        }
    }

    /** Claimed rows not tried this round (an outage stopped it), the claim's last ones: due again after the first backoff. */
    private void release(Handle h, List<Row> rows, String token) {
        if (rows.isEmpty()) {
            return;
        }
        long at = System.currentTimeMillis() + opts.firstBackoff().toMillis();
        h.createUpdate("UPDATE outbox SET claimed_until = :at, claim_token = NULL WHERE claim_token = :token AND id >= :first")
                .bind("at", at).bind("token", token).bind("first", rows.get(0).id()).execute();
    }

    private long backoffMs(int attempts) {
        return Math.min(opts.maxBackoff().toMillis(), opts.firstBackoff().toMillis() << Math.min(attempts - 1, 20));
    }

    /** Reads the backlog, its oldest age and the dead rows for the gauges. */
    public void refreshStats() {
        jdbi.useHandle(h -> {
            h.createQuery("SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, MIN(created_at), NOW(3)), 0) FROM outbox "
                    + "WHERE sent_at IS NULL AND dead_at IS NULL").map((rs, ctx) -> {
                        backlog.set(rs.getLong(1));
                        oldestAgeSeconds.set(rs.getLong(2));
                        return 0;
                    }).one();
            dead.set(h.createQuery("SELECT COUNT(*) FROM outbox WHERE dead_at IS NOT NULL AND sent_at IS NULL")
                    .mapTo(Long.class).one());
        });
    }

    /** Deletes sent rows older than the retention, a batch at a time until none is left. */
    public int cleanup() {
        int total = readCommitted(h -> {
            int deleted = 0;
            int n;
            do {
                n = h.createUpdate("DELETE FROM outbox WHERE sent_at < NOW(3) - INTERVAL :seconds SECOND LIMIT "
                        + CLEANUP_BATCH).bind("seconds", opts.retention().toSeconds()).execute();
                deleted += n;
            } while (n == CLEANUP_BATCH && deleted < 10 * CLEANUP_BATCH); // the rest next time: the relay must not stall
            return deleted;
        });
        if (total > 0) {
            log.info("outbox: {} sent row(s) older than {} deleted", total, opts.retention());
        }
        return total;
    }

    /** Stops after the round in progress, and marks what it sent. */
    @Override
    public void close() {
        pump.close();
        try {
            markHanded();
        } catch (RuntimeException e) {
            log.warn("outbox: {} sent row(s) left unmarked, resent after their reserve: {}", unmarked.size(), e.toString());
        }
    }

    /** A row {@link #add} wrote, reserved to this relay until {@code reservedUntilMs}. */
    private record Handed(Row row, long reservedUntilMs) {
    }

    private record Row(long id, String eventId, OutboxEvent.Sink sink, String destination, String key, String payload,
                       long availableAtMs, int attempts, int ownFailures) {
        /** The row {@link Outbox#add} wrote, never tried yet. */
        static Row fresh(long id, OutboxEvent e) {
            return new Row(id, e.eventId(), e.sink(), e.destination(), e.key(), e.payload(), e.availableAt().toEpochMilli(), 0, 0);
        }
    }
}
