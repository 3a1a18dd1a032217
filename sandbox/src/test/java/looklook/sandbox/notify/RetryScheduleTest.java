package looklook.sandbox.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    @Test
    void schedule_isWeChats24h4mInFifteenRetries() {
        assertThat(RetrySchedule.WAITS).hasSize(15);
        assertThat(RetrySchedule.WAITS.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofHours(24).plusMinutes(4));
    }

    @Test
    void waits_areScaledByTheTimeFactorAndEndAfterTheLast() {
        assertThat(RetrySchedule.waitMs(1, 1.0)).hasValue(15_000);
        assertThat(RetrySchedule.waitMs(4, 0.001)).hasValue(180);
        assertThat(RetrySchedule.waitMs(15, 0.001)).hasValue(21_600);
        assertThat(RetrySchedule.waitMs(16, 1.0)).isEmpty();
    }
}
