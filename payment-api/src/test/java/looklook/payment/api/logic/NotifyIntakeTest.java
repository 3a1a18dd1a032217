package looklook.payment.api.logic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifyIntakeTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_764_468_903L);

    /** The signed timestamp against our clock: five minutes either way, in epoch seconds only. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "1764468903, NULL",
            "1764468603, NULL",
            "1764468602, 301 s old",
            "1764469203, NULL",
            "1764469204, 301 s ahead",
            "0, s old",
            "99999999999, s ahead",
            "999999999999999999999, missing or not epoch seconds",
            "-1, missing or not epoch seconds",
            "1764468903.5, missing or not epoch seconds",
            "' 1764468903', missing or not epoch seconds",
            "'', missing or not epoch seconds",
            "NULL, missing or not epoch seconds"})
    void skewProblem_allowsFiveMinutesEitherWay(String timestamp, String problem) {
        String p = NotifyIntake.skewProblem(timestamp, NOW);
        if (problem == null) {
            assertThat(p).isNull();
        } else {
            assertThat(p).contains(problem);
        }
    }
}
