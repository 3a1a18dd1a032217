package looklook.mqueue.job.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * A periodic entry: {@code action} runs once per period, at the period's start (ticks are aligned
 * to the epoch, so a one-minute entry fires at :00 of every minute on whichever replica leads).
 *
 * @param action runs with the tick's start in epoch ms
 */
public record Entry(String name, Duration every, LongConsumer action) {
    public Entry {
        requireNonNull(name, "name");
        requireNonNull(every, "every");
        requireNonNull(action, "action");
        if (every.toMillis() < 1) {
            throw new IllegalArgumentException("entry " + name + ": every " + every + " (expected >= 1 ms)");
        }
    }

    /** The start of the period {@code nowMs} falls in. */
    long tickAt(long nowMs) {
        return nowMs - Math.floorMod(nowMs, every.toMillis());
    }
}
