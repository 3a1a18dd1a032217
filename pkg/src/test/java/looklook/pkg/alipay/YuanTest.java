package looklook.pkg.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class YuanTest {
    @ParameterizedTest(name = "{0} fen = {1}")
    @CsvSource({"0, 0.00", "1, 0.01", "10, 0.10", "1234, 12.34", "80800, 808.00", "10000000000, 100000000.00"})
    void fenAndYuan_roundTripExactly(long fen, String yuan) {
        assertThat(Yuan.of(fen)).isEqualTo(yuan);
        assertThat(Yuan.fen(yuan)).isEqualTo(fen);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"12, 1200", "12.3, 1230", "0.1, 10"})
    void fen_readsFewerDecimals(String yuan, long fen) {
        assertThat(Yuan.fen(yuan)).isEqualTo(fen);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "12.345", "-1.00", "+1.00", "1e2", "1,00", " 1.00", ".5", "12.", "NaN", "0x10"})
    void fen_refusesWhatIsNotTwoDecimalYuan(String yuan) {
        assertThatThrownBy(() -> Yuan.fen(yuan)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("yuan");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void of_refusesNegativeFen(long fen) {
        assertThatThrownBy(() -> Yuan.of(fen)).isInstanceOf(IllegalArgumentException.class);
    }
}
