package looklook.pkg.ops;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop of rounds (a relay, a sweeper): a round that filled its batch runs again at
 * once, an idle one waits {@code idle} or until {@link #wake()}, a failed one waits
 * {@code afterFailure}, doubling while failures go on up to {@code maxBackoff}, so an outage of
 * what the round talks to costs neither a busy loop nor a dead thread.
 */
public final class Pump implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pump.class);

    /** One round; returns how many items it handled. */
    @FunctionalInterface
    public interface Round {
        int run() throws Exception;
    }

    private final String name;
    private final Round round;
    private final int batch;
    private final Duration idle;
    private final Duration afterFailure;
    private final Duration maxBackoff;
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean woken;
    /** A round's own deadline for the next one, in ms from its end; -1 for none. */
    private volatile long dueMs = -1;

    public Pump(String name, Round round, int batch, Duration idle, Duration afterFailure, Duration maxBackoff) {
        this.name = requireNonNull(name, "name");
        this.round = requireNonNull(round, "round");
        this.batch = batch;
        this.idle = requireNonNull(idle, "idle");
        this.afterFailure = requireNonNull(afterFailure, "afterFailure");
        this.maxBackoff = requireNonNull(maxBackoff, "maxBackoff");
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    /** Starts the loop. */
    public Pump start() {
        thread.start();
        return this;
    }

    /** Runs a round now instead of after the idle wait. */
    public void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    /**
     * Called from a round that has work due in {@code ms} whatever comes meanwhile: the pause after it is no
     * longer than that.
     */
    public void dueWithin(long ms) {
        dueMs = Math.max(0, ms);
    }

    private void loop() {
        long failures = 0;
        while (running) {
            long pauseMs;
            try {
                dueMs = -1;
                int n = round.run();
                failures = 0;
                pauseMs = n >= batch ? 0 : idle.toMillis();
                long due = dueMs;
                pauseMs = due >= 0 ? Math.min(pauseMs, due) : pauseMs;
            } catch (InterruptedException e) {
                return;
            } catch (Exception | Error e) {
                failures++;
                pauseMs = Math.min(maxBackoff.toMillis(), afterFailure.toMillis() << Math.min(failures - 1, 20));
                log.warn("{}: round failed ({} in a row), next in {} ms: {}", name, failures, pauseMs, e.toString());
            }
            if (pauseMs > 0 && !pause(pauseMs)) {
                return;
            }
        }
    }

    private boolean pause(long ms) {
        synchronized (wake) {
            try {
                if (!woken) {
                    wake.wait(ms);
                }
                woken = false;
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }

    /** Stops after the round in progress. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
