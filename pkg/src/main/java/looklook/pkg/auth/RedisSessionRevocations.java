package looklook.pkg.auth;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import looklook.pkg.ops.Pump;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Revoked sessions in one Redis sorted set (member: session id, score: the unix second after which
 * no access token of the session can be alive): usercenter-rpc writes it, every API reads it with
 * one ZSCORE per authenticated request. Each reader also mirrors the set every few seconds, and
 * answers from the mirror while Redis is unreachable: a Redis outage neither stops every logged-in
 * user nor brings back the tokens revoked before it (only one revoked in the last seconds before
 * the outage may be missed; revoking during the outage fails, so the caller knows).
 */
public final class RedisSessionRevocations implements SessionRevocations, AutoCloseable {
    /** The sorted set; one key, so the mirror is one ZRANGEBYSCORE. */
    public static final String KEY = "looklook:auth:revoked-sessions";
    /** Clock skew between processes, so a revocation outlives the tokens it names. */
    private static final long SKEW_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(RedisSessionRevocations.class);

    private final JedisPooled redis;
    private final Clock clock;
    private final Pump mirrorSync;
    private final AtomicLong lastOutageLog = new AtomicLong();
    private volatile Set<String> mirror = Set.of();

    public RedisSessionRevocations(JedisPooled redis, Clock clock) {
        this.redis = requireNonNull(redis, "redis");
        this.clock = requireNonNull(clock, "clock");
        this.mirrorSync = new Pump("revoked-sessions-mirror", this::syncMirror, Integer.MAX_VALUE,
                Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(3)).start();
    }

    @Override
    public boolean isRevoked(String sessionId) {
        try {
            Double until = redis.zscore(KEY, sessionId);
            return until != null && until >= now();
        } catch (JedisException e) {
            long now = System.nanoTime();
            long last = lastOutageLog.get();
            if (now - last > Duration.ofSeconds(10).toNanos() && lastOutageLog.compareAndSet(last, now)) {
                log.warn("revoked sessions: Redis unreachable, answering from the mirror of {} sessions: {}", mirror.size(), e.toString());
            }
            return mirror.contains(sessionId);
        }
    }

    /** Ends {@code sessionId} for {@code accessExpireSeconds} (the longest an access token of it can live). */
    public void revoke(String sessionId, long accessExpireSeconds) {
        requireNonNull(sessionId, "sessionId");
        long now = now();
        long until = now + accessExpireSeconds + SKEW_SECONDS;
        redis.zadd(KEY, until, sessionId);
        redis.zremrangeByScore(KEY, Double.NEGATIVE_INFINITY, now - 1);
        mirror = plus(mirror, sessionId);
    }

    private int syncMirror() {
        mirror = Set.copyOf(redis.zrangeByScore(KEY, now(), Double.POSITIVE_INFINITY));
        return mirror.size();
    }

    private static Set<String> plus(Set<String> set, String member) {
        java.util.HashSet<String> copy = new java.util.HashSet<>(set);
        copy.add(member);
        return Set.copyOf(copy);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Override
    public void close() {
        mirrorSync.close();
    }
}
