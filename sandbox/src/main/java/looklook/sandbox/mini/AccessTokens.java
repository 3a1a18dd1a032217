package looklook.sandbox.mini;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import looklook.sandbox.crypto.Nonces;

/**
 * Access tokens as WeChat issues them (developers.weixin.qq.com, getAccessToken and
 * getStableAccessToken): the two kinds never touch each other. {@code cgi-bin/token} mints a new
 * token each call and leaves the previous one usable for at most 5 more minutes. {@code stable_token}
 * returns the same token while it has more than 5 minutes left, then a new one, the old one living
 * on to its own end; a forced refresh kills the stable tokens at once, at most 20 times a (China)
 * day and at least 30 s (scaled) apart: beyond either, 45009 and the current token untouched. Checking answers 0,
 * 40001 (unknown or replaced) or 42001 (expired).
 */
public final class AccessTokens {
    /** How long a replaced token keeps working, and how early stable_token renews. */
    static final Duration HANDOVER = Duration.ofMinutes(5);
    /** Forced refreshes allowed per day. */
    static final int FORCE_PER_DAY = 20;
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** A token and its remaining lifetime in seconds. */
    public record Token(String accessToken, long expiresIn) {
    }

    /** A stable_token answer: a token, or WeChat's errcode (45009 when the day's forced refreshes are used up or the last was under 30 s ago). */
    public record Stable(Token token, int errcode) {
    }

    private final Duration ttl;
    private final Duration renewBefore;
    private final Duration forceGap;
    /** A token's end, and what checking it answers after the end: 42001 expired, 40001 replaced. */
    private record Life(Instant end, int after) {
    }

    private final Map<String, Life> lives = new HashMap<>();
    private String normal;
    private String stable;
    private String stablePrevious;
    private Instant lastForce;
    private LocalDate forceDay;
    private int forcedToday;

    /**
     * {@code ttlSeconds} is a token's life (WeChat: 7200); {@code timeFactor} scales the 30 s between
     * forced refreshes like the simulator's other delays, so a test can use up a day's 20 in a second.
     * A life shorter than 10 minutes renews in its second half instead of its last 5 minutes.
     */
    public AccessTokens(long ttlSeconds, double timeFactor) {
        this.ttl = Duration.ofSeconds(ttlSeconds);
        Duration half = ttl.dividedBy(2);
        this.renewBefore = half.compareTo(HANDOVER) < 0 ? half : HANDOVER;
        this.forceGap = Duration.ofMillis(Math.max(1, Math.round(30_000 * timeFactor)));
    }

    /** {@code cgi-bin/token}: a new token; the previous one works at most {@link #HANDOVER} longer. */
    public synchronized Token issue(Instant now) {
        retire(normal, now);
        normal = mint(now);
        return new Token(normal, ttl.toSeconds());
    }

    /** {@code cgi-bin/stable_token}. */
    public synchronized Stable stable(boolean forceRefresh, Instant now) {
        if (forceRefresh) {
            LocalDate today = LocalDate.ofInstant(now, CHINA);
            if (!today.equals(forceDay)) {
                forceDay = today;
                forcedToday = 0;
            }
            if (forcedToday >= FORCE_PER_DAY) {
                return new Stable(null, 45009);
            }
            if (lastForce != null && now.isBefore(lastForce.plus(forceGap))) {
                // the doc: forced refreshes "need 30 s between them"; a sooner one is refused with the
                // quota's errcode (not counted), and the current token stays as it was
                return new Stable(null, 45009);
            }
            forcedToday++;
            lastForce = now;
            lives.remove(stable);
            lives.remove(stablePrevious);
            stable = mint(now);
            stablePrevious = null;
        } else if (!isValid(stable, now) || !now.isBefore(lives.get(stable).end().minus(renewBefore))) {
            if (isValid(stable, now)) {
                stablePrevious = stable; // keeps its own end, at most renewBefore away
            }
            stable = mint(now);
        }
        return new Stable(new Token(stable, Math.max(1, Duration.between(now, lives.get(stable).end()).toSeconds())), 0);
    }

    /** 0 when {@code token} may be used now, else WeChat's errcode. */
    public synchronized int check(String token, Instant now) {
        Life life = token == null ? null : lives.get(token);
        if (life == null) {
            return 40001;
        }
        return now.isBefore(life.end()) ? 0 : life.after();
    }

    private boolean isValid(String token, Instant now) {
        Life life = token == null ? null : lives.get(token);
        return life != null && now.isBefore(life.end());
    }

    /** A replaced token works until the handover ends (or its own end, if sooner), then is "not latest". */
    private void retire(String token, Instant now) {
        Life life = token == null ? null : lives.get(token);
        if (life != null && now.isBefore(life.end())) {
            Instant end = now.plus(HANDOVER);
            lives.put(token, new Life(life.end().isBefore(end) ? life.end() : end, 40001));
        }
    }

    private String mint(Instant now) {
        // a token dead for a whole life is forgotten (then 40001): the map stays as small as the tokens in use
        lives.values().removeIf(l -> l.end().plus(ttl).isBefore(now));
        String token = Nonces.urlSafe(136);
        lives.put(token, new Life(now.plus(ttl), 42001));
        return token;
    }
}
