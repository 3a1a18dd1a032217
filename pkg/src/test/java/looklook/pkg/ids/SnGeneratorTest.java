package looklook.pkg.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnGeneratorTest {
    // 2026-11-23T03:00:00Z = 11:00:00 in Beijing
    private static final long T0 = 1_795_402_800_000L;

    @Test
    void next_hasPrefixBeijingTimeWorkerAndSequence() {
        SnGenerator g = new SnGenerator(() -> 7, () -> T0);
        assertThat(g.next(SnPrefix.HOMESTAY_ORDER)).isEqualTo("HSO2026112311000000700000");
        assertThat(g.next(SnPrefix.THIRD_PAYMENT)).isEqualTo("PMT2026112311000000700001");
        assertThat(g.next(SnPrefix.THIRD_REFUND)).matches("RFD\\d{22}");
    }

    @Test
    void next_hundredThousandDrawsAreUniqueAndIncreasing() {
        AtomicLong clock = new AtomicLong(T0);
        SnGenerator g = new SnGenerator(() -> 1, clock::get);
        Set<String> seen = new HashSet<>();
        String last = "";
        for (int i = 0; i < 100_000; i++) {
            if (i % 1000 == 0) {
                clock.addAndGet(7);
            }
            String sn = g.next(SnPrefix.THIRD_PAYMENT);
            assertThat(sn.compareTo(last)).isPositive();
            last = sn;
            seen.add(sn);
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void next_clockSteppingBackNeverRepeatsOrGoesBack() {
        AtomicLong clock = new AtomicLong(T0 + 10_000);
        SnGenerator g = new SnGenerator(() -> 1, clock::get);
        String before = g.next(SnPrefix.HOMESTAY_ORDER);
        clock.set(T0); // NTP steps the clock back 10 s
        Set<String> seen = new HashSet<>(Set.of(before));
        String last = before;
        for (int i = 0; i < 1000; i++) {
            String sn = g.next(SnPrefix.HOMESTAY_ORDER);
            assertThat(sn.compareTo(last)).isPositive();
            assertThat(seen.add(sn)).isTrue();
            last = sn;
        }
        assertThat(last.substring(3, 17)).isEqualTo(before.substring(3, 17));
    }

    @Test
    void next_moreThanASecondsWorthBorrowsTheNextSecond() {
        SnGenerator g = new SnGenerator(() -> 1, () -> T0);
        String last = null;
        for (int i = 0; i <= 100_000; i++) {
            last = g.next(SnPrefix.HOMESTAY_ORDER);
        }
        assertThat(last).isEqualTo("HSO2026112311000100100000");
    }

    @Test
    void next_refusesWhenTheWorkerLeaseIsLost() {
        SnGenerator g = new SnGenerator(() -> {
            throw new IllegalStateException("worker id lease is not renewed");
        }, () -> T0);
        assertThatThrownBy(() -> g.next(SnPrefix.HOMESTAY_ORDER)).hasMessageContaining("lease");
    }
}
