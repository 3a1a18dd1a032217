package looklook.pkg.auth;

import static java.util.Objects.requireNonNull;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import javax.crypto.SecretKey;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;

/**
 * looklook's access tokens: HS256 with claims {@code iat}, {@code exp} (unix seconds) and the
 * numeric {@code jwtUserId}, so tokens pass between Go and Java processes sharing the secret.
 */
public final class JwtTokens {
    /** The claim go-zero's looklook puts the user id in. */
    public static final String USER_ID_CLAIM = "jwtUserId";

    private final SecretKey key;
    private final long accessExpireSeconds;
    private final Clock clock;

    public JwtTokens(JwtAuthConf conf, Clock clock) {
        requireNonNull(conf, "conf");
        this.key = Keys.hmacShaKeyFor(conf.accessSecret().getBytes(StandardCharsets.UTF_8));
        this.accessExpireSeconds = conf.accessExpire();
        this.clock = requireNonNull(clock, "clock");
    }

    /** A token and the times the client should renew it by (looklook: half the lifetime). */
    public record Token(String accessToken, long accessExpire, long refreshAfter) {
    }

    /** Issues a token for {@code userId}. */
    public Token issue(long userId) {
        if (userId <= 0) {
            throw new BizException(ErrorCode.TOKEN_GENERATE_ERROR, "userId " + userId + " (expected > 0)");
        }
        long now = clock.instant().getEpochSecond();
        long exp = now + accessExpireSeconds;
        String jwt = Jwts.builder()
                .claim(USER_ID_CLAIM, userId)
                .issuedAt(new Date(now * 1000))
                .expiration(new Date(exp * 1000))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        return new Token(jwt, exp, now + accessExpireSeconds / 2);
    }

    /** The user id of a valid token; a forged, malformed or expired one is a 100003 error. */
    public long verify(String token) {
        if (token == null || token.isBlank()) {
            throw new BizException(ErrorCode.TOKEN_EXPIRE_ERROR, "missing token");
        }
        Claims claims;
        try {
            claims = Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant())).build()
                    .parseSignedClaims(token).getPayload();
        } catch (JwtException | IllegalArgumentException e) {
            throw new BizException(ErrorCode.TOKEN_EXPIRE_ERROR);
        }
        if (claims.getExpiration() == null || !(claims.get(USER_ID_CLAIM) instanceof Number n) || n.longValue() <= 0) {
            throw new BizException(ErrorCode.TOKEN_EXPIRE_ERROR);
        }
        return n.longValue();
    }
}
