package looklook.pkg.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WxPayTextTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // what, text built from: unit x count, expected characters kept
            "ASCII fits exactly,          a,  127, 127",
            "ASCII one over,              a,  128, 127",
            "Chinese (3 bytes) stops at 42 characters: a 43rd would end at byte 129, 湖, 50, 42",
            "emoji (4 bytes in two chars) are never split: 31 x 4 = 124, 😀, 40, 62",
            "short text untouched,        湖,  3,   3"})
    void description_fitsIn127Utf8Bytes_cutAtACharacterBoundary(String what, String unit, int count, int keptChars) {
        String cut = WxPayText.description(unit.repeat(count));
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(127);
        assertThat(cut).hasSize(keptChars);
        assertThat(unit.repeat(count)).startsWith(cut);
        assertThat(new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).as("no half character").isEqualTo(cut);
    }
}
