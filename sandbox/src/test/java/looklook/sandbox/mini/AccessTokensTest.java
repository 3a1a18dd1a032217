package looklook.sandbox.mini;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** WeChat's token rules on an explicit timeline (7200 s tokens, the 30 s force gap unscaled). */
class AccessTokensTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z"); // 10:00 in China
    private final AccessTokens tokens = new AccessTokens(7200, 1.0);

    private AccessTokens.Token stable(Instant at) {
        AccessTokens.Stable s = tokens.stable(false, at);
        assertThat(s.errcode()).isZero();
        return s.token();
    }

    private AccessTokens.Stable force(Instant at) {
        return tokens.stable(true, at);
    }

    @Test
    void stable_sameTokenUntilItsLastFiveMinutes_thenANewOne_andTheOldWorksToItsEnd() {
        AccessTokens.Token first = stable(T0);
        assertThat(stable(T0.plusSeconds(6_899)).accessToken()).isEqualTo(first.accessToken());

        AccessTokens.Token renewed = stable(T0.plusSeconds(6_900));
        assertThat(renewed.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(renewed.expiresIn()).isEqualTo(7_200);
        assertThat(tokens.check(first.accessToken(), T0.plusSeconds(7_199))).isZero();
        assertThat(tokens.check(renewed.accessToken(), T0.plusSeconds(7_199))).isZero();
        assertThat(tokens.check(first.accessToken(), T0.plusSeconds(7_200))).isEqualTo(42001);
    }

    @Test
    void stable_expiresInIsNeverUnderFiveMinutes() {
        stable(T0);
        for (long s = 0; s < 7_200 * 2; s += 97) {
            assertThat(stable(T0.plusSeconds(s)).expiresIn()).as("at +%d s", s).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void force_killsTheStableTokensAtOnce_butNotCgiBinTokens() {
        AccessTokens.Token normal = tokens.issue(T0);
        AccessTokens.Token old = stable(T0);
        AccessTokens.Token fresh = force(T0.plusSeconds(1)).token();
        assertThat(fresh.accessToken()).isNotEqualTo(old.accessToken());
        assertThat(tokens.check(old.accessToken(), T0.plusSeconds(2))).isEqualTo(40001);
        assertThat(tokens.check(normal.accessToken(), T0.plusSeconds(2))).isZero();
        assertThat(stable(T0.plusSeconds(3)).accessToken()).isEqualTo(fresh.accessToken());
    }

    @Test
    void force_within30s_is45009_keepsTheToken_andDoesNotCount() {
        AccessTokens.Token first = force(T0).token();
        AccessTokens.Stable soon = force(T0.plusSeconds(29));
        assertThat(soon.errcode()).isEqualTo(45009);
        assertThat(soon.token()).isNull();
        assertThat(tokens.check(first.accessToken(), T0.plusSeconds(29))).isZero();
        assertThat(stable(T0.plusSeconds(29)).accessToken()).isEqualTo(first.accessToken());
        assertThat(force(T0.plusSeconds(30)).token().accessToken()).isNotEqualTo(first.accessToken());
        // 2 counted so far: 18 more fit in the day
        for (int i = 1; i <= 18; i++) {
            assertThat(force(T0.plusSeconds(30 + 30L * i)).errcode()).isZero();
        }
        assertThat(force(T0.plusSeconds(30 + 30L * 19)).errcode()).isEqualTo(45009);
    }

    @Test
    void force_21stOfTheChinaDayIs45009_andTheCurrentTokenStaysValid_untilMidnightBeijing() {
        Instant at = T0;
        String last = null;
        for (int i = 0; i < AccessTokens.FORCE_PER_DAY; i++, at = at.plusSeconds(31)) {
            AccessTokens.Stable s = force(at);
            assertThat(s.errcode()).as("force #%d", i + 1).isZero();
            last = s.token().accessToken();
        }
        AccessTokens.Stable refused = force(at);
        assertThat(refused.errcode()).isEqualTo(45009);
        assertThat(refused.token()).isNull();
        assertThat(tokens.check(last, at)).isZero();
        assertThat(stable(at).accessToken()).isEqualTo(last);

        Instant nextChinaDay = Instant.parse("2026-12-01T16:00:00Z");
        assertThat(force(nextChinaDay.minusSeconds(1)).errcode()).isEqualTo(45009);
        assertThat(force(nextChinaDay).errcode()).isZero();
    }

    @Test
    void force_gapIsScaledByTheTimeFactor() {
        AccessTokens fast = new AccessTokens(7200, 0.001); // 30 ms
        String first = fast.stable(true, T0).token().accessToken();
        assertThat(fast.stable(true, T0.plusMillis(29)).errcode()).isEqualTo(45009);
        assertThat(fast.stable(true, T0.plusMillis(30)).token().accessToken()).isNotEqualTo(first);
    }

    @Test
    void cgiBinToken_newOneLeavesThePreviousFiveMinutes_thenItIsNotLatest() {
        AccessTokens.Token first = tokens.issue(T0);
        AccessTokens.Token second = tokens.issue(T0.plusSeconds(60));
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        Instant handoverEnd = T0.plusSeconds(60).plus(AccessTokens.HANDOVER);
        assertThat(tokens.check(first.accessToken(), handoverEnd.minusMillis(1))).isZero();
        assertThat(tokens.check(first.accessToken(), handoverEnd)).isEqualTo(40001);
        assertThat(tokens.check(second.accessToken(), handoverEnd)).isZero();
        assertThat(tokens.check(second.accessToken(), T0.plusSeconds(60 + 7_200))).isEqualTo(42001);
    }

    @Test
    void check_unknownIs40001() {
        assertThat(tokens.check("nope", T0)).isEqualTo(40001);
        assertThat(tokens.check(null, T0)).isEqualTo(40001);
        assertThat(Duration.ofSeconds(stable(T0).expiresIn())).isEqualTo(Duration.ofHours(2));
    }
}
