package looklook.pkg.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsumerConfTest {
    private static final String MINIMAL = "Topic: t\nGroup: g\n";

    @Test
    void onlyTopicAndGroup_takeTheDefaults() {
        KafkaQueue.Options o = ConfLoader.parse("t", MINIMAL, ConsumerConf.class, Map.of()).options();
        assertThat(o.attempts()).isEqualTo(5);
        assertThat(o.backoffBase()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.maxPollRecords()).isEqualTo(20);
        assertThat(o.maxPollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.stallLimit()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.dependencyBackoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.dlqTopic()).isEqualTo("t-dlq");
        // half of the stall limit: a healthy loop polls well within it
        assertThat(o.batchBudget()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyKey_isRead() {
        KafkaQueue.Options o = ConfLoader.parse("t", MINIMAL + "Attempts: 3\nBackoffMs: 100\nMaxPollRecords: 7\n"
                + "MaxPollIntervalMs: 20000\nStallLimitMs: 50000\nDependencyBackoffMaxMs: 800\n", ConsumerConf.class, Map.of()).options();
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(o.backoffBase()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.maxPollRecords()).isEqualTo(7);
        assertThat(o.maxPollInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.stallLimit()).isEqualTo(Duration.ofSeconds(50));
        assertThat(o.dependencyBackoffMax()).isEqualTo(Duration.ofMillis(800));
        assertThat(o.batchBudget()).isEqualTo(Duration.ofSeconds(10));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("Attempts: 0", "Attempts: 0 (expected 1..12)"),
                Arguments.of("Attempts: 13", "Attempts: 13 (expected 1..12)"),
                Arguments.of("BackoffMs: -1", "BackoffMs: -1 (expected >= 0)"),
                Arguments.of("MaxPollRecords: 0", "MaxPollRecords: 0 (expected 1..500)"),
                Arguments.of("MaxPollIntervalMs: 999", "MaxPollIntervalMs: 999 (expected 1000.."),
                Arguments.of("StallLimitMs: 10", "StallLimitMs: 10 (expected >= 1000)"),
                Arguments.of("DependencyBackoffMaxMs: -5", "DependencyBackoffMaxMs: -5 (expected >= 100)"),
                Arguments.of("DependencyBackoffMaxMs: 0", "DependencyBackoffMaxMs: 0 (expected >= 100)"),
                Arguments.of("MaxPoll: 3", "unknown key MaxPoll"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValue_failsNamingTheKey(String line, String message) {
        assertThatThrownBy(() -> ConfLoader.parse("t", MINIMAL + line + "\n", ConsumerConf.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining(message);
    }

    static Stream<Arguments> waits() {
        return Stream.of(
                // nth failure, own-failure wait, outage wait (base 500 ms, outage waits capped at 3 s)
                Arguments.of(1, 500L, 500L),
                Arguments.of(2, 1_000L, 1_000L),
                Arguments.of(3, 2_000L, 2_000L),
                Arguments.of(4, 4_000L, 3_000L),
                Arguments.of(12, 1_024_000L, 3_000L),
                Arguments.of(60, 500L << 20, 3_000L));
    }

    @ParameterizedTest(name = "failure {0}: {1} ms, outage {2} ms")
    @MethodSource("waits")
    void waitsDouble_andOutageWaitsStopAtTheirCap(int nth, long failureMs, long outageMs) {
        KafkaQueue.Options o = new KafkaQueue.Options("t", "g", 12, Duration.ofMillis(500))
                .withDependencyBackoffMax(Duration.ofSeconds(3));
        assertThat(o.failureBackoff(nth).toMillis()).isEqualTo(failureMs);
        assertThat(o.dependencyBackoff(nth).toMillis()).isEqualTo(outageMs);
    }

    @Test
    void noBackoff_stillWaitsAMomentForAnOutage() {
        KafkaQueue.Options o = new KafkaQueue.Options("t", "g", 3, Duration.ZERO);
        assertThat(o.failureBackoff(1)).isZero();
        assertThat(o.dependencyBackoff(1)).isEqualTo(Duration.ofMillis(100));
    }
}
