package looklook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A virtual user's setup is tried again after a failed call, for the patience given, and never after a bug. */
class LoadTest {
    private static final Load.Op NOTHING = () -> { };

    /** A setup that counts its tries and throws {@code e} on each of the first {@code failures}. */
    private static Load.OpFactory failing(AtomicInteger tries, int failures, Exception e) {
        return vu -> {
            if (tries.incrementAndGet() <= failures) {
                throw e;
            }
            return NOTHING;
        };
    }

    @Test
    void create_failedCallsAreTriedAgainUntilOneSucceeds() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        Load.Op op = Load.create(failing(tries, 2, new IOException("HTTP 400 server is busy")), 0, Duration.ofSeconds(5));
        assertThat(op).isSameAs(NOTHING);
        assertThat(tries).hasValue(3);
    }

    @Test
    void create_aCallThatKeepsFailingEndsTheRunAfterThePatience() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Load.create(failing(tries, Integer.MAX_VALUE, new IOException("connection refused")), 0,
                Duration.ofMillis(50))).isInstanceOf(IOException.class).hasMessage("connection refused");
        assertThat(tries.get()).isBetween(2, 10);
    }

    @Test
    void create_aBugInTheSetupIsNotTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Load.create(failing(tries, Integer.MAX_VALUE, new IllegalStateException("no token in the answer")),
                0, Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class);
        assertThat(tries).hasValue(1);
    }
}
