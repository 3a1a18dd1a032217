package looklook.pkg.auth;

import static java.util.Objects.requireNonNull;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;

/**
 * looklook's access tokens: HS256 with claims {@code iat}, {@code exp} (unix seconds) and the
 * numeric {@code jwtUserId}, so a Go API sharing the secret still accepts them, plus {@code iss},
 * {@code aud} (both checked here) and {@code sid}, the session that logout and a password reset
 * revoke: a token whose session is in {@link SessionRevocations} is refused like an expired one.
 */
public final class JwtTokens {
    /** The claim go-zero's looklook puts the user id in. */
    public static final String USER_ID_CLAIM = "jwtUserId";
    /** The session (refresh-token family) the token was issued in. */
    public static final String SESSION_CLAIM = "sid";
    private static final Pattern SESSION_ID = Pattern.compile("[0-9A-Za-z_-]{16,64}");
    /** Verified tokens remembered; past this the memory starts over. */
    private static final int MAX_VERIFIED = 4096;

    private final SecretKey key;
    /** Built once: a parser is immutable and thread-safe, and building one was a third of each check. */
    private final JwtParser parser;
    private final JwtAuthConf conf;
    private final Clock clock;
    private final SessionRevocations revocations;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public JwtTokens(JwtAuthConf conf, Clock clock, SessionRevocations revocations) {
        this.conf = requireNonNull(conf, "conf");
        this.key = Keys.hmacShaKeyFor(conf.accessSecret().getBytes(StandardCharsets.UTF_8));
        this.clock = requireNonNull(clock, "clock");
        this.revocations = requireNonNull(revocations, "revocations");
        this.parser = Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant()))
                .requireIssuer(conf.issuer()).requireAudience(conf.audience())
                .build();
    }

    /** A token and the times the client should renew it by (looklook: half the lifetime). */
    public record Token(String accessToken, long accessExpire, long refreshAfter) {
    }

    /** Who a valid token speaks for, and in which session. */
    public record Principal(long userId, String sessionId) {
    }

    /** The longest an access token lives, in seconds. */
    public long accessExpireSeconds() {
        return conf.accessExpire();
    }

    /** Issues a token for {@code userId} in session {@code sessionId}. */
    public Token issue(long userId, String sessionId) {
        if (userId <= 0) {
            throw new BizException(ErrorCode.TOKEN_GENERATE_ERROR, "userId " + userId + " (expected > 0)");
        }
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new BizException(ErrorCode.TOKEN_GENERATE_ERROR, "sessionId " + sessionId + " (expected 16..64 url-safe characters)");
        }
        long now = clock.instant().getEpochSecond();
        long exp = now + conf.accessExpire();
        String jwt = Jwts.builder()
                .claim(USER_ID_CLAIM, userId)
                .claim(SESSION_CLAIM, sessionId)
                .issuer(conf.issuer())
                .audience().single(conf.audience())
                .issuedAt(new Date(now * 1000))
                .expiration(new Date(exp * 1000))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        return new Token(jwt, exp, now + conf.accessExpire() / 2);
    }

    /** The user id of a valid token; a forged, malformed, expired, foreign or revoked one is a 100003 error. */
    public long verify(String token) {
        return authenticate(token).userId();
    }

    /**
     * The user and session of a valid token, checked as {@link #verify}. A token that passed is
     * remembered (the last few thousand, by their exact text), so a client polling with it costs a
     * lookup instead of a parse and an HMAC; its expiry and its session are still checked each time.
     */
    public Principal authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw new BizException(ErrorCode.TOKEN_EXPIRE_ERROR, "missing token");
        }
        Verified v = verified.get(token);
        if (v == null) {
            v = parse(token);
            if (verified.size() >= MAX_VERIFIED) {
                verified.clear(); // only tokens we signed get here, so a flood of them is a flood of logins
            }
            verified.put(token, v);
        } else if (clock.millis() > v.expiresAtMillis()) {
            verified.remove(token);
            throw new BizException(ErrorCode.TOKEN_EXPIRE_ERROR);
        }
        if (revocations.isRevoked(v.principal().sessionId())) {
            throw new BizException(ErrorCode.TOKEN_EXPIRE_ERROR, "session revoked");
        }
        return v.principal();
    }

    private Verified parse(String token) {
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (JwtException | IllegalArgumentException e) {
            throw new BizException(ErrorCode.TOKEN_EXPIRE_ERROR);
        }
        if (claims.getExpiration() == null || !(claims.get(USER_ID_CLAIM) instanceof Number n) || n.longValue() <= 0
                || !(claims.get(SESSION_CLAIM) instanceof String sid) || !SESSION_ID.matcher(sid).matches()) {
            throw new BizException(ErrorCode.TOKEN_EXPIRE_ERROR);
        }
        // the parser refuses a token once the clock is past exp, to the millisecond: so does the lookup
        return new Verified(new Principal(n.longValue(), sid), claims.getExpiration().getTime());
    }

    /** A token that passed every check but the clock and the revocations. */
    private record Verified(Principal principal, long expiresAtMillis) {
    }
}
