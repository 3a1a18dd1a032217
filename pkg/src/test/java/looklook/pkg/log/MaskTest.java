package looklook.pkg.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskTest {
    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "13812345678, 138****5678",
            "+8613812345678, +86****5678",
            "1381234, ****",
            "'', ****",
            "NULL, null"})
    void mobile_keepsPrefixAndLastFour(String in, String out) {
        assertThat(Mask.mobile(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o, oUpF****6o",
            "o-buyer-0001, o-bu****01",
            "short, ****",
            "NULL, null"})
    void openid_keepsFourAndTwo(String in, String out) {
        assertThat(Mask.openid(in)).isEqualTo(out);
    }
}
