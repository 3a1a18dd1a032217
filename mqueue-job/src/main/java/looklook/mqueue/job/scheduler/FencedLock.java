package looklook.mqueue.job.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;

/**
 * The scheduler's Redis lock with fencing. Each acquisition takes the next number of a counter
 * (INCR) and the holder is {@code <uuid>:<fence>}. A tick is claimed by a script that checks, in
 * one step, that we still hold the lock, that no higher fence has claimed a tick of the entry
 * and that the tick is newer than the last one claimed; so a replica that lost the lock (a GC
 * pause, a network stall) cannot fire after another took over, and no tick fires twice.
 * Keys share the namespace's hash tag, so the scripts also run on a Redis cluster.
 */
public final class FencedLock {
    private static final String ACQUIRE = """
            if redis.call('SET', KEYS[1], 'pending', 'NX', 'PX', ARGV[2]) then
              local fence = redis.call('INCR', KEYS[2])
              redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'PX', ARGV[2])
              return fence
            end
            return 0""";
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""";
    /** 1 claimed, 0 already claimed (by us or a predecessor), -1 not ours to claim any more. */
    private static final String CLAIM = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
            local fence = redis.call('HGET', KEYS[2], 'fence')
            if fence and tonumber(fence) > tonumber(ARGV[3]) then return -1 end
            local last = redis.call('HGET', KEYS[2], 'tick')
            if last and tonumber(last) >= tonumber(ARGV[2]) then return 0 end
            redis.call('HSET', KEYS[2], 'tick', ARGV[2], 'fence', ARGV[3])
            return 1""";

    /** What a claim found. */
    public enum Claim { CLAIMED, ALREADY_FIRED, LOST }

    /** A holding: who we are and our fence. */
    public record Holding(String holder, long fence) {
    }

    private final JedisPooled redis;
    private final String prefix;
    private final Duration ttl;

    /** {@code prefix} should carry a hash tag, e.g. {@code looklook:{jq}:sched}. */
    public FencedLock(JedisPooled redis, String prefix, Duration ttl) {
        this.redis = requireNonNull(redis, "redis");
        this.prefix = requireNonNull(prefix, "prefix");
        this.ttl = requireNonNull(ttl, "ttl");
    }

    /** The lock with a new fence, or empty while another replica holds it. */
    public Optional<Holding> tryAcquire() {
        String id = UUID.randomUUID().toString();
        long fence = (Long) redis.eval(ACQUIRE, List.of(lockKey(), prefix + ":fence"), List.of(id, ttlMs()));
        return fence == 0 ? Optional.empty() : Optional.of(new Holding(id + ":" + fence, fence));
    }

    /** Extends the lock; false when it is no longer ours. */
    public boolean renew(Holding h) {
        return (Long) redis.eval(RENEW, List.of(lockKey()), List.of(h.holder(), ttlMs())) == 1L;
    }

    /** Claims {@code tickMs} of {@code entry} for the holder. */
    public Claim claim(Holding h, String entry, long tickMs) {
        long r = (Long) redis.eval(CLAIM, List.of(lockKey(), prefix + ":" + entry + ":last-tick"),
                List.of(h.holder(), Long.toString(tickMs), Long.toString(h.fence())));
        return r == 1L ? Claim.CLAIMED : r == 0L ? Claim.ALREADY_FIRED : Claim.LOST;
    }

    /** Lets another replica take over at once instead of after the ttl. */
    public void release(Holding h) {
        redis.eval(RELEASE, List.of(lockKey()), List.of(h.holder()));
    }

    private String lockKey() {
        return prefix + ":lock";
    }

    private String ttlMs() {
        return Long.toString(ttl.toMillis());
    }
}
