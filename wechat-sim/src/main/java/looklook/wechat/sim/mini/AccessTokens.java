package looklook.wechat.sim.mini;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import looklook.wechat.sim.crypto.Nonces;

/**
 * Access tokens as WeChat issues them: {@code cgi-bin/token} mints a new one and invalidates the
 * previous; {@code stable_token} returns the same token while it is valid (a new one on
 * force_refresh). Checking answers 0, 40001 (unknown or replaced) or 42001 (expired).
 */
public final class AccessTokens {
    /** A token and its remaining lifetime in seconds. */
    public record Token(String accessToken, long expiresIn) {
    }

    private final Duration ttl;
    private final Map<String, Instant> valid = new HashMap<>();
    private String normal;
    private String stable;

    public AccessTokens(long ttlSeconds) {
        this.ttl = Duration.ofSeconds(ttlSeconds);
    }

    /** {@code cgi-bin/token}. */
    public synchronized Token issue(Instant now) {
        if (normal != null) {
            valid.remove(normal);
        }
        normal = mint(now);
        return new Token(normal, ttl.toSeconds());
    }

    /** {@code cgi-bin/stable_token}. */
    public synchronized Token stable(boolean forceRefresh, Instant now) {
        Instant expires = stable == null ? null : valid.get(stable);
        if (forceRefresh || expires == null || !now.isBefore(expires)) {
            if (stable != null) {
                valid.remove(stable);
            }
            stable = mint(now);
            expires = valid.get(stable);
        }
        return new Token(stable, Math.max(1, Duration.between(now, expires).toSeconds()));
    }

    /** 0 when {@code token} may be used now, else WeChat's errcode. */
    public synchronized int check(String token, Instant now) {
        Instant expires = token == null ? null : valid.get(token);
        if (expires == null) {
            return 40001;
        }
        return now.isBefore(expires) ? 0 : 42001;
    }

    private String mint(Instant now) {
        String token = Nonces.urlSafe(136);
        valid.put(token, now.plus(ttl));
        return token;
    }
}
