package looklook.pkg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.junit.jupiter.api.Test;

class JwtTokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";
    private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");
    private static final String SID = "session-0123456789abcdef";
    private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);
    private final JwtTokens tokens = new JwtTokens(JwtAuthConf.of(SECRET, 3600L), FIXED, SessionRevocations.NONE);

    private static void assertRejected(JwtTokens t, String token) {
        assertThatThrownBy(() -> t.verify(token)).isInstanceOfSatisfying(BizException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_EXPIRE_ERROR.code()));
    }

    @Test
    void issue_carriesLooklookClaimsAndTimes() {
        JwtTokens.Token t = tokens.issue(42, SID);
        assertThat(t.accessExpire()).isEqualTo(NOW.getEpochSecond() + 3600);
        assertThat(t.refreshAfter()).isEqualTo(NOW.getEpochSecond() + 1800);
        String payload = new String(Base64.getUrlDecoder().decode(t.accessToken().split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"jwtUserId\":42").contains("\"iat\":" + NOW.getEpochSecond())
                .contains("\"exp\":" + (NOW.getEpochSecond() + 3600)).contains("\"sid\":\"" + SID + "\"")
                .contains("\"iss\":\"looklook-usercenter\"").contains("\"aud\":\"looklook-api\"");
        String header = new String(Base64.getUrlDecoder().decode(t.accessToken().split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).contains("HS256");
        assertThat(tokens.verify(t.accessToken())).isEqualTo(42);
    }

    @Test
    void verify_expiredTokenIsRejected() {
        String token = tokens.issue(42, SID).accessToken();
        JwtTokens later = new JwtTokens(JwtAuthConf.of(SECRET, 3600L),
                Clock.fixed(NOW.plus(Duration.ofSeconds(3601)), ZoneOffset.UTC), SessionRevocations.NONE);
        assertRejected(later, token);
    }

    @Test
    void verify_tokenSignedWithAnotherSecretIsRejected() {
        JwtTokens other = new JwtTokens(JwtAuthConf.of(SECRET + "-other", 3600L), FIXED, SessionRevocations.NONE);
        assertRejected(tokens, other.issue(42, SID).accessToken());
    }

    @Test
    void verify_tamperedPayloadIsRejected() {
        String[] parts = tokens.issue(42, SID).accessToken().split("\\.");
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

    @Test
    void verify_anotherAudienceOrIssuerIsRejected() {
        JwtTokens otherAud = new JwtTokens(new JwtAuthConf(SECRET, 3600L, null, "admin-api", null), FIXED, SessionRevocations.NONE);
        JwtTokens otherIss = new JwtTokens(new JwtAuthConf(SECRET, 3600L, "someone-else", null, null), FIXED, SessionRevocations.NONE);
        assertRejected(tokens, otherAud.issue(42, SID).accessToken());
        assertRejected(tokens, otherIss.issue(42, SID).accessToken());
        assertRejected(otherAud, tokens.issue(42, SID).accessToken());
    }

    @Test
    void verify_tokenOfARevokedSessionIsRejected_othersPass() {
        JwtTokens checking = new JwtTokens(JwtAuthConf.of(SECRET, 3600L), FIXED, Set.of(SID)::contains);
        String revoked = tokens.issue(42, SID).accessToken();
        String live = tokens.issue(42, "another-session-0123456789").accessToken();
        assertRejected(checking, revoked);
        assertThat(checking.authenticate(live)).isEqualTo(new JwtTokens.Principal(42, "another-session-0123456789"));
    }

    @Test
    void aTokenThatPassedBefore_isStillRefusedOnceExpired_orRevoked() {
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        Set<String> revoked = ConcurrentHashMap.newKeySet();
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        JwtTokens checking = new JwtTokens(JwtAuthConf.of(SECRET, 3600L), moving, revoked::contains);
        String token = tokens.issue(42, SID).accessToken();
        assertThat(checking.verify(token)).isEqualTo(42);
        now.set(NOW.plusSeconds(3600));
        assertThat(checking.verify(token)).as("at exp itself, as the parser").isEqualTo(42);
        now.set(NOW.plusSeconds(3600).plusMillis(1));
        assertRejected(checking, token);

        now.set(NOW);
        String other = tokens.issue(42, "another-session-0123456789").accessToken();
        assertThat(checking.verify(other)).isEqualTo(42);
        revoked.add("another-session-0123456789");
        assertRejected(checking, other);
    }

    @Test
    void verify_tokenWithoutSessionIsRejected() {
        // what a go-zero usercenter issues: it cannot be revoked, so this mesh does not take it
        String noSid = io.jsonwebtoken.Jwts.builder().claim("jwtUserId", 42).issuer("looklook-usercenter")
                .audience().single("looklook-api").issuedAt(java.util.Date.from(NOW))
                .expiration(java.util.Date.from(NOW.plusSeconds(60)))
                .signWith(io.jsonwebtoken.security.Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8))).compact();
        assertRejected(tokens, noSid);
    }
}
