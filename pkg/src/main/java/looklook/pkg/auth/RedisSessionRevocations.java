package looklook.pkg.auth;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import looklook.pkg.ops.Pump;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.Tuple;

/**
 * Revoked sessions in one Redis sorted set (member: session id, score: the unix second after which
 * no access token of the session can be alive), each revocation also appended to a stream:
 * usercenter-rpc writes both, every API reads. A reader keeps a local copy of the set and reads
 * the stream's new entries every 100 ms, so an authenticated request asks nothing of Redis. The
 * bound: a copy older than 300 ms is not trusted (the request asks Redis, one ZSCORE, as before),
 * and {@link #revoke} returns only 350 ms after its write, so once a logout or password reset has
 * answered, every replica refuses the session's tokens. While Redis is unreachable a reader
 * answers from its copy: an outage neither stops every logged-in user nor brings back the tokens
 * revoked before it (revoking during the outage fails, so the caller knows).
 */
public final class RedisSessionRevocations implements SessionRevocations, AutoCloseable {
    /** The sorted set; one key, so a full read is one ZRANGEBYSCORE. */
    public static final String KEY = "looklook:auth:revoked-sessions";
    /** The stream of revocations (fields: session id to score), trimmed to the last ten minutes. */
    static final String LOG_KEY = KEY + ":log";
    /** Clock skew between processes, so a revocation outlives the tokens it names. */
    private static final long SKEW_SECONDS = 60;
    private static final Duration POLL = Duration.ofMillis(100);
    /** A copy this old or older is not trusted; {@link #SETTLE} must be longer. */
    private static final long MAX_COPY_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** How long a revocation waits after its write: past it, a trusted copy was read after the write. */
    private static final Duration SETTLE = Duration.ofMillis(350);
    /** The whole set is read again this often, and after a gap this long (the stream may have been trimmed). */
    private static final long FULL_READ_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long LOG_KEEP_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final int LOG_BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(RedisSessionRevocations.class);

    private final JedisPooled redis;
    private final Clock clock;
    private final AtomicLong lastOutageLog = new AtomicLong();
    /** Session id to the unix second its revocation ends; replaced whole by a full read. */
    private volatile Map<String, Long> copy = new ConcurrentHashMap<>();
    /** When the newest poll that caught up with the stream started ({@code System.nanoTime()}). */
    private volatile long copyAsOf = System.nanoTime() - 2 * FULL_READ_NANOS;
    // the poller's own state
    private String lastEntry = "0-0";
    private long lastFullRead = copyAsOf;
    private boolean fullReadNeeded = true;
    private final Pump poller;

    public RedisSessionRevocations(JedisPooled redis, Clock clock) {
        this.redis = requireNonNull(redis, "redis");
        this.clock = requireNonNull(clock, "clock");
        this.poller = new Pump("revoked-sessions-copy", this::poll, LOG_BATCH, POLL, Duration.ofMillis(200), Duration.ofSeconds(2))
                .start();
    }

    @Override
    public boolean isRevoked(String sessionId) {
        // the age first: a copy read afterwards holds at least what that poll saw
        boolean trusted = System.nanoTime() - copyAsOf < MAX_COPY_AGE_NANOS;
        if (trusted) {
            return revokedIn(copy, sessionId);
        }
        try {
            Double until = redis.zscore(KEY, sessionId);
            return until != null && until >= now();
        } catch (JedisException e) {
            long now = System.nanoTime();
            long last = lastOutageLog.get();
            if (now - last > Duration.ofSeconds(10).toNanos() && lastOutageLog.compareAndSet(last, now)) {
                log.warn("revoked sessions: Redis unreachable, answering from the copy of {} sessions: {}", copy.size(), e.toString());
            }
            return revokedIn(copy, sessionId);
        }
    }

    private boolean revokedIn(Map<String, Long> sessions, String sessionId) {
        Long until = sessions.get(sessionId);
        return until != null && until >= now();
    }

    /**
     * Ends {@code sessionId} for {@code accessExpireSeconds} (the longest an access token of it can
     * live); returns once every reader refuses it.
     */
    public void revoke(String sessionId, long accessExpireSeconds) {
        revoke(List.of(requireNonNull(sessionId, "sessionId")), accessExpireSeconds);
    }

    /** Ends every session of {@code sessionIds} at once, as {@link #revoke(String, long)}. */
    public void revoke(Collection<String> sessionIds, long accessExpireSeconds) {
        if (!sessionIds.isEmpty()) {
            revokeUnsettled(sessionIds, accessExpireSeconds);
            settle();
        }
    }

    /**
     * Writes the revocations and returns at once, before every reader refuses them: for a caller that
     * writes inside a database transaction (a Redis failure rolls it back) and must not hold its locks
     * while readers catch up. It calls {@link #settle} after the commit, before it answers.
     */
    public void revokeUnsettled(Collection<String> sessionIds, long accessExpireSeconds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        long now = now();
        long until = now + accessExpireSeconds + SKEW_SECONDS;
        Map<String, Double> scores = new HashMap<>();
        Map<String, String> fields = new HashMap<>();
        for (String sessionId : sessionIds) {
            scores.put(requireNonNull(sessionId, "sessionId"), (double) until);
            fields.put(sessionId, Long.toString(until));
        }
        // the set first: a reader that sees the stream entry and reads the set finds it there
        redis.zadd(KEY, scores);
        redis.zremrangeByScore(KEY, Double.NEGATIVE_INFINITY, now - 1);
        redis.xadd(LOG_KEY, XAddParams.xAddParams().approximateTrimming()
                .minId(Long.toString(System.currentTimeMillis() - LOG_KEEP_MILLIS)), fields);
        sessionIds.forEach(s -> copy.put(s, until));
    }

    /** Waits until every reader's copy is newer than revocations written before this call. */
    public void settle() {
        try {
            Thread.sleep(SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round of the poller: the stream's new entries, or the whole set when due. */
    private int poll() {
        long started = System.nanoTime();
        if (fullReadNeeded || started - lastFullRead > FULL_READ_NANOS || started - copyAsOf > FULL_READ_NANOS) {
            fullReadNeeded = true; // until it succeeds
            List<StreamEntry> newest = redis.xrevrange(LOG_KEY, "+", "-", 1);
            Map<String, Long> all = new ConcurrentHashMap<>();
            for (Tuple t : redis.zrangeByScoreWithScores(KEY, now(), Double.POSITIVE_INFINITY)) {
                all.put(t.getElement(), (long) t.getScore());
            }
            lastEntry = newest.isEmpty() ? "0-0" : newest.get(0).getID().toString();
            copy = all;
            lastFullRead = started;
            fullReadNeeded = false;
            copyAsOf = started;
            return 0;
        }
        List<StreamEntry> entries;
        try {
            entries = redis.xrange(LOG_KEY, "(" + lastEntry, "+", LOG_BATCH);
        } catch (RuntimeException e) {
            fullReadNeeded = true;
            throw e;
        }
        Map<String, Long> sessions = copy;
        for (StreamEntry e : entries) {
            e.getFields().forEach((sessionId, until) -> sessions.put(sessionId, Long.parseLong(until)));
            lastEntry = e.getID().toString();
        }
        if (entries.size() < LOG_BATCH) {
            copyAsOf = started; // caught up with every entry written before this round began
        }
        return entries.size();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Override
    public void close() {
        poller.close();
    }
}
