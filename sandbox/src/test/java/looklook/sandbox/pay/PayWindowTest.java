package looklook.sandbox.pay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import looklook.sandbox.WxError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayWindowTest {
    private final Instant now = Instant.parse("2026-03-01T04:00:00Z");
    private final PayWindow real = new PayWindow(1.0);

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T20:30:00+08:00", "2026-12-01T12:30:00Z", "2026-12-01T20:30:00.250+08:00",
        "2026-12-01T07:30:00-05:00"})
    void parse_acceptsRfc3339WithAnOffset(String text) {
        assertThat(PayWindow.parse(text)).isBetween(Instant.parse("2026-12-01T12:30:00Z"),
                Instant.parse("2026-12-01T12:30:00.250Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20261201203000", "2026-12-01 20:30:00", "2026-12-01T20:30:00", "2026-12-01T20:30+08:00",
        "2026-02-30T20:30:00+08:00", "2026-12-01T20:30:00+0800", ""})
    void parse_refusesAnythingElseWithParamErrorNamingTimeExpire(String text) {
        assertThatThrownBy(() -> PayWindow.parse(text))
                .isInstanceOfSatisfying(WxError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("PARAM_ERROR");
                    assertThat(e.getMessage()).startsWith("time_expire: " + text).contains("RFC 3339");
                });
    }

    @Test
    void payableUntil_followsWeChatsAdjustments() {
        assertThat(real.payableUntil(now.plusSeconds(3600), now)).isEqualTo(now.plusSeconds(3600));
        assertThat(real.payableUntil(now.minusSeconds(3600), now)).as("past: a minute after the prepay")
                .isEqualTo(now.plusSeconds(60));
        assertThat(real.payableUntil(now.plusSeconds(30), now)).isEqualTo(now.plusSeconds(60));
        assertThat(real.payableUntil(now.plus(Duration.ofDays(200)), now)).isEqualTo(now.plus(Duration.ofDays(90)));
        assertThat(real.payableUntil(null, now)).as("none sent: 7 days").isEqualTo(now.plus(Duration.ofDays(7)));
    }

    @Test
    void payableUntil_theMinuteScalesWithTheTimeFactor() {
        PayWindow fast = new PayWindow(0.001);
        assertThat(fast.payableUntil(now.minusSeconds(5), now)).isEqualTo(now.plusMillis(60));
        assertThat(fast.payableUntil(now.plusSeconds(2), now)).isEqualTo(now.plusSeconds(2));
        assertThat(fast.payableUntil(null, now)).as("the 7 days are not a delay and stay").isEqualTo(now.plus(Duration.ofDays(7)));
    }
}
