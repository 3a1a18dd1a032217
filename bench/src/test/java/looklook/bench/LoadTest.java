package looklook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadTest {
    private static final Load.Op NOTHING = () -> { };

    @Test
    void create_failedCallsAreTriedAgainUntilOneSucceeds() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        Load.Op op = Load.create(vu -> {
            if (tries.incrementAndGet() < 3) {
                throw new IOException("HTTP 400 server is busy");
            }
            return NOTHING;
        }, 0, Duration.ofSeconds(5));
        assertThat(op).isSameAs(NOTHING);
        assertThat(tries).hasValue(3);
    }

    @Test
    void create_aCallThatKeepsFailingEndsTheRunAfterThePatience() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Load.create(vu -> {
            tries.incrementAndGet();
            throw new IOException("connection refused");
        }, 0, Duration.ofMillis(50))).isInstanceOf(IOException.class).hasMessage("connection refused");
        assertThat(tries.get()).isBetween(2, 10);
    }

    @Test
    void create_aBugInTheSetupIsNotTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Load.create(vu -> {
            tries.incrementAndGet();
            throw new IllegalStateException("no token in the answer");
        }, 0, Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class);
        assertThat(tries).hasValue(1);
    }
}
