package looklook.sandbox.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import looklook.sandbox.WxError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BillScheduleTest {
    private static final LocalDate DAY = LocalDate.parse("2026-12-01");

    @Test
    void default_aDaysBillIsReadyAtTenNextMorningChinaTime() {
        BillSchedule s = new BillSchedule(BillSchedule.DEFAULT);
        assertRefused(s, DAY, "2026-12-02T01:59:59Z", "STATEMENT_CREATING");
        assertRefused(s, DAY, "2026-12-01T12:00:00Z", "STATEMENT_CREATING");
        assertThatCode(() -> s.check(DAY, Instant.parse("2026-12-02T02:00:00Z"))).doesNotThrowAnyException();
    }

    @Test
    void now_servesTodaysBill_butNeverTomorrowsOrOlderThanThreeMonths() {
        BillSchedule s = new BillSchedule("now");
        assertThatCode(() -> s.check(DAY, Instant.parse("2026-11-30T16:00:01Z"))).doesNotThrowAnyException();
        assertRefused(s, DAY, "2026-11-30T15:59:59Z", "INVALID_REQUEST");
        assertRefused(s, DAY.minusMonths(3).minusDays(1), "2026-12-01T04:00:00Z", "INVALID_REQUEST");
        assertThatCode(() -> s.check(DAY.minusMonths(3), Instant.parse("2026-12-01T04:00:00Z"))).doesNotThrowAnyException();
    }

    @Test
    void set_changesTheRuleAtRunTime_andNamesReadyAtWhenBad() {
        BillSchedule s = new BillSchedule("10:00");
        s.set("NOW");
        assertThat(s.describe()).isEqualTo("now");
        s.set("08:30");
        assertThat(s.describe()).isEqualTo("08:30");
        assertThatThrownBy(() -> s.set("soon")).isInstanceOfSatisfying(WxError.class, e -> {
            assertThat(e.code()).isEqualTo("PARAM_ERROR");
            assertThat(e.getMessage()).startsWith("ready_at: soon");
        });
        assertThat(s.describe()).isEqualTo("08:30");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"soon", "9:30", "24:00", "10:60", ""})
    void parse_refusesWhatIsNeitherHhMmNorNow(String value) {
        assertThatThrownBy(() -> BillSchedule.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected HH:mm");
    }

    private static void assertRefused(BillSchedule s, LocalDate day, String now, String code) {
        assertThatThrownBy(() -> s.check(day, Instant.parse(now))).as("%s at %s", day, now)
                .isInstanceOfSatisfying(WxError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(code);
                });
    }
}
