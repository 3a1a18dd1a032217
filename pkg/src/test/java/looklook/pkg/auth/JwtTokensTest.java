package looklook.pkg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.junit.jupiter.api.Test;

class JwtTokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";
    private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");
    private final JwtTokens tokens = new JwtTokens(new JwtAuthConf(SECRET, 3600L), Clock.fixed(NOW, ZoneOffset.UTC));

    private static void assertRejected(JwtTokens t, String token) {
        assertThatThrownBy(() -> t.verify(token)).isInstanceOfSatisfying(BizException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_EXPIRE_ERROR.code()));
    }

    @Test
    void issue_carriesLooklookClaimsAndTimes() {
        JwtTokens.Token t = tokens.issue(42);
        assertThat(t.accessExpire()).isEqualTo(NOW.getEpochSecond() + 3600);
        assertThat(t.refreshAfter()).isEqualTo(NOW.getEpochSecond() + 1800);
        String payload = new String(Base64.getUrlDecoder().decode(t.accessToken().split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"jwtUserId\":42").contains("\"iat\":" + NOW.getEpochSecond())
                .contains("\"exp\":" + (NOW.getEpochSecond() + 3600));
        String header = new String(Base64.getUrlDecoder().decode(t.accessToken().split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).contains("HS256");
        assertThat(tokens.verify(t.accessToken())).isEqualTo(42);
    }

    @Test
    void verify_expiredTokenIsRejected() {
        String token = tokens.issue(42).accessToken();
        JwtTokens later = new JwtTokens(new JwtAuthConf(SECRET, 3600L),
                Clock.fixed(NOW.plus(Duration.ofSeconds(3601)), ZoneOffset.UTC));
        assertRejected(later, token);
    }

    @Test
    void verify_tokenSignedWithAnotherSecretIsRejected() {
        JwtTokens other = new JwtTokens(new JwtAuthConf(SECRET + "-other", 3600L), Clock.fixed(NOW, ZoneOffset.UTC));
        assertRejected(tokens, other.issue(42).accessToken());
    }

    @Test
    void verify_tamperedPayloadIsRejected() {
        String[] parts = tokens.issue(42).accessToken().split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"jwtUserId\":1,\"iat\":" + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 99999) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        assertRejected(tokens, parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void verify_unsignedAlgNoneTokenIsRejected() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"jwtUserId\":1,\"exp\":" + (NOW.getEpochSecond() + 999) + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        assertRejected(tokens, none);
    }

    @Test
    void verify_garbageAndEmptyAreRejected() {
        assertRejected(tokens, "not-a-token");
        assertRejected(tokens, "");
        assertRejected(tokens, null);
    }
}
