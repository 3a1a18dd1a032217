package looklook.mqueue.job.scheduler;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires periodic entries on one replica at a time: every replica runs this, the one holding the
 * {@link FencedLock} fires, and each tick is claimed in Redis before it runs, so across replicas
 * and lock handovers a tick fires at most once. A replica that takes over fires the current
 * period's tick if its predecessor had not (missed older ticks are not replayed: each entry
 * looks at the present, e.g. every payment waiting now).
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final FencedLock lock;
    private final List<Entry> entries;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Duration poll;
    private final ScheduledExecutorService loop;
    private final ExecutorService runners;
    private final Map<String, AtomicBoolean> running = new HashMap<>();
    private final Map<String, Long> lastSeen = new HashMap<>();
    private Optional<FencedLock.Holding> holding = Optional.empty();

    public Scheduler(FencedLock lock, Duration lockTtl, List<Entry> entries, Clock clock, MeterRegistry metrics) {
        this.lock = requireNonNull(lock, "lock");
        this.entries = List.copyOf(entries);
        this.clock = requireNonNull(clock, "clock");
        this.metrics = requireNonNull(metrics, "metrics");
        // renew well within the ttl and notice a new period soon after it starts
        long shortest = this.entries.stream().mapToLong(e -> e.every().toMillis()).min().orElse(1000);
        this.poll = Duration.ofMillis(Math.max(20, Math.min(1000, Math.min(lockTtl.toMillis() / 3, shortest / 10))));
        this.entries.forEach(e -> running.put(e.name(), new AtomicBoolean()));
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("scheduler"));
        this.runners = Executors.newCachedThreadPool(daemon("scheduler-entry"));
    }

    /** Starts competing for the lock and firing. */
    public Scheduler start() {
        loop.scheduleWithFixedDelay(this::step, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        log.info("scheduler started with entries {} (poll {} ms)", entries.stream().map(Entry::name).toList(), poll.toMillis());
        return this;
    }

    private void step() {
        try {
            if (!lead()) {
                return;
            }
            long now = clock.millis();
            for (Entry e : entries) {
                if (!fireIfDue(e, now)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // Redis unreachable: stop firing; the lock expires and whoever reaches Redis leads
            log.warn("scheduler step failed: {}", e.toString());
            holding = Optional.empty();
        }
    }

    /** True while we hold the lock (acquiring or renewing it first). */
    private boolean lead() {
        if (holding.isPresent() && !lock.renew(holding.get())) {
            log.warn("scheduler lock lost (fence {})", holding.get().fence());
            holding = Optional.empty();
        }
        if (holding.isEmpty()) {
            holding = lock.tryAcquire();
            holding.ifPresent(h -> log.info("scheduler lock taken (fence {})", h.fence()));
        }
        return holding.isPresent();
    }

    /** Claims and runs the entry's current tick if due; false when the lock turned out lost. */
    private boolean fireIfDue(Entry e, long now) {
        long tick = e.tickAt(now);
        if (lastSeen.getOrDefault(e.name(), Long.MIN_VALUE) >= tick) {
            return true;
        }
        AtomicBoolean busy = running.get(e.name());
        if (busy.get()) {
            return true; // the previous tick still runs: claim this one when it ends, if still in its period
        }
        FencedLock.Claim c = lock.claim(holding.orElseThrow(), e.name(), tick);
        if (c == FencedLock.Claim.LOST) {
            log.warn("scheduler lock lost before tick {} of {}", tick, e.name());
            holding = Optional.empty();
            return false;
        }
        lastSeen.put(e.name(), tick);
        if (c == FencedLock.Claim.CLAIMED) {
            busy.set(true);
            runners.execute(() -> run(e, tick, busy));
        }
        return true;
    }

    private void run(Entry e, long tick, AtomicBoolean busy) {
        String outcome = "done";
        try {
            e.action().accept(tick);
        } catch (RuntimeException ex) {
            outcome = "failed";
            log.warn("scheduled {} tick {} failed: {}", e.name(), tick, ex.toString());
        } finally {
            busy.set(false);
            metrics.counter("scheduler.ticks", "entry", e.name(), "outcome", outcome).increment();
        }
    }

    /** Stops firing, waits briefly for running entries and hands the lock over at once. */
    @Override
    public void close() {
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
            runners.shutdown();
            runners.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runners.shutdownNow();
        holding.ifPresent(h -> {
            try {
                lock.release(h);
            } catch (RuntimeException e) {
                log.warn("scheduler lock not released (it expires by itself): {}", e.toString());
            }
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
