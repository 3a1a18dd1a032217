package looklook.sandbox.notify;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/** WeChat Pay's notify retry schedule: the wait before each retry after a failed attempt (24h4m in all). */
public final class RetrySchedule {
    /** The waits before retry 1, 2, ... 15. */
    public static final List<Duration> WAITS = List.of(
            Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(3),
            Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofMinutes(30),
            Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofHours(3), Duration.ofHours(3),
            Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(6));

    private RetrySchedule() {
    }

    /** The wait in ms before retry {@code retry} (1-based), scaled by {@code timeFactor}; empty after the last. */
    public static OptionalLong waitMs(int retry, double timeFactor) {
        if (retry < 1 || retry > WAITS.size()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, Math.round(WAITS.get(retry - 1).toMillis() * timeFactor)));
    }
}
