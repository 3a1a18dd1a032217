package looklook.pkg.limit;

import static java.util.Objects.requireNonNull;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The rate limits of one API process: Bucket4j token buckets kept in Redis, so that every replica
 * draws from the same bucket. Each limited route gets a {@link Route}; the rest server asks it
 * per client address before reading the body and per user after the JWT check.
 *
 * <p>On a route that fails open, a bucket of 20 tokens or more is counted through a local copy
 * (Bucket4j's delayed synchronization): a replica takes up to 1/20 of the quota (5%) from its copy,
 * then settles with Redis (a read and a compare-and-set), and settles at least once a second
 * while the key is in use. A request its copy has no token for is refused without asking Redis
 * (the others only ever take tokens, so an empty copy is never wrong). The price: a burst can pass
 * a limit by at most 5% of its quota per replica (R replicas: R x 5%) before they settle; Redis
 * then holds the excess as debt, so the next requests wait it out and the rate over the period
 * holds. Routes that fail closed (an unlimited caller costs money or guesses secrets) and smaller
 * buckets are counted exactly, in Redis, on every request. Copies are kept for the 4096 most
 * recently used keys; an evicted copy settles first, so cycling through keys does not shed the
 * tokens taken.
 */
public final class RateLimits {
    /** No route limited (a process without a {@code RateLimit} block). */
    public static final RateLimits NONE = new RateLimits(null, Map.of(), 1, ClientAddress.trusting(List.of()), 0);

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    /** After Redis failed, it is not asked again for this long: a dead Redis must not add its timeout to every request. */
    private static final long PAUSE_AFTER_FAILURE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final Route UNLIMITED = new Route(null, null, null, false);
    /** A local copy may take 1/this of its bucket's quota before settling (none below one token). */
    private static final long UNSYNCHRONIZED_SHARE = 20;
    /** A local copy in use settles with Redis at least this often. */
    private static final Duration MAX_UNSYNCHRONIZED_TIME = Duration.ofSeconds(1);
    /** Keys with a local copy: the clients control the keys, so the map is bounded (least recently used goes). */
    private static final int MAX_LOCAL_BUCKETS = 4096;

    private final ProxyManager<String> buckets;
    private final Map<String, RouteLimitConf> routes;
    private final long scale;
    private final ClientAddress clients;
    private final Set<String> used = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, BucketProxy> local = new LinkedHashMap<>(256, 0.75f, true);
    private final int maxLocalBuckets;
    private volatile long redisDownUntil = System.nanoTime();

    private RateLimits(ProxyManager<String> buckets, Map<String, RouteLimitConf> routes, long scale, ClientAddress clients,
                       int maxLocalBuckets) {
        this.buckets = buckets;
        this.routes = routes;
        this.scale = scale;
        this.clients = clients;
        this.maxLocalBuckets = maxLocalBuckets;
    }

    /** The limits of {@code conf} (null: none), counted in {@code redis} under keys {@code rl:...}. */
    public static RateLimits create(RateLimitConf conf, UnifiedJedis redis) {
        return create(conf, redis, MAX_LOCAL_BUCKETS);
    }

    /** As {@link #create(RateLimitConf, UnifiedJedis)}, keeping local copies for at most {@code maxLocalBuckets} keys. */
    static RateLimits create(RateLimitConf conf, UnifiedJedis redis, int maxLocalBuckets) {
        if (conf == null || conf.routes().isEmpty()) {
            return NONE;
        }
        ProxyManager<byte[]> raw = Bucket4jJedis.casBasedBuilder(requireNonNull(redis, "redis"))
                // a bucket refilled to the top is the same as no bucket: let Redis drop it
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        return new RateLimits(raw.withMapper(k -> k.getBytes(StandardCharsets.UTF_8)), conf.routes(), conf.scale(),
                ClientAddress.trusting(conf.trustedProxies()), maxLocalBuckets);
    }

    /**
     * The limits of the route at {@code path}; {@code signedIn} says whether its handler knows the
     * user (a JWT route). A per-user limit on a route without a user is a configuration mistake.
     */
    public Route route(String path, boolean signedIn) {
        RouteLimitConf c = routes.get(path);
        if (c == null) {
            return UNLIMITED;
        }
        if (c.perUser() != null && !signedIn) {
            throw new IllegalArgumentException("RateLimit.Routes." + path + ".PerUser: the route has no JWT, so no user to count");
        }
        used.add(path);
        return new Route(this, bandwidth(c.perIp(), c.period(), path, "ip", c.failOpen()),
                bandwidth(c.perUser(), c.period(), path, "user", c.failOpen()), c.failOpen());
    }

    /** Configured paths that no route asked for (a typo, or a route this build does not have). */
    public Set<String> unusedPaths() {
        Set<String> unused = new HashSet<>(routes.keySet());
        unused.removeAll(used);
        return unused;
    }

    private Bandwidth bandwidth(Long quota, Long periodSeconds, String path, String scope, boolean failOpen) {
        if (quota == null) {
            return null;
        }
        long scaled = Math.multiplyExact(quota, scale);
        return Bandwidth.of(scaled, Duration.ofSeconds(periodSeconds), path, scope, failOpen ? scaled / UNSYNCHRONIZED_SHARE : 0);
    }

    /** Takes one token from the bucket {@code key}; throws when it is empty or cannot be counted. */
    private void take(Bandwidth b, String key, boolean failOpen) {
        if (System.nanoTime() - redisDownUntil < 0) {
            refuseUnlessOpen(failOpen, key);
            return;
        }
        ConsumptionProbe probe;
        try {
            probe = bucket(b, key).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            redisDownUntil = System.nanoTime() + PAUSE_AFTER_FAILURE_NANOS;
            log.warn("rate limits cannot be counted in Redis, failing {} for {} s: {}", failOpen ? "open" : "closed",
                    TimeUnit.NANOSECONDS.toSeconds(PAUSE_AFTER_FAILURE_NANOS), e.toString());
            refuseUnlessOpen(failOpen, key);
            return;
        }
        if (!probe.isConsumed()) {
            throw RateLimitException.tooManyRequests(ceilSeconds(probe.getNanosToWaitForRefill()));
        }
    }

    /** The bucket {@code key}: its local copy if the quota is large enough for one, else Redis itself. */
    private Bucket bucket(Bandwidth b, String key) {
        if (b.unsynchronized() == 0) {
            // a plain proxy keeps no state: one per call costs an object, not a round trip
            return buckets.getProxy(key, b::configuration);
        }
        BucketProxy copy;
        BucketProxy evicted = null;
        synchronized (local) {
            copy = local.get(key);
            if (copy == null) {
                copy = buckets.builder()
                        .withOptimization(Optimizations.delaying(new DelayParameters(b.unsynchronized(), MAX_UNSYNCHRONIZED_TIME)))
                        .build(key, b::configuration);
                local.put(key, copy);
                if (local.size() > maxLocalBuckets) {
                    var eldest = local.entrySet().iterator();
                    evicted = eldest.next().getValue();
                    eldest.remove();
                }
            }
        }
        if (evicted != null) {
            settle(evicted);
        }
        return copy;
    }

    /** Hands the tokens an evicted copy took to Redis, so that dropping the copy forgets none of them. */
    private static void settle(BucketProxy evicted) {
        try {
            evicted.getOptimizationController().syncByCondition(1, Duration.ZERO);
        } catch (RuntimeException e) {
            log.debug("an evicted rate-limit copy could not settle: {}", e.toString());
        }
    }

    private void refuseUnlessOpen(boolean failOpen, String key) {
        if (!failOpen) {
            log.debug("refused {}: Redis cannot count it", key);
            throw RateLimitException.cannotCount(ceilSeconds(PAUSE_AFTER_FAILURE_NANOS));
        }
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /**
     * {@code Quota} requests per {@code period}, refilled smoothly; its bucket keys start with
     * {@code keyPrefix}, which names both, so a changed limit starts a fresh bucket. A local copy
     * may take {@code unsynchronized} tokens before settling (0: no copy, every take asks Redis).
     */
    private record Bandwidth(long quota, String keyPrefix, long unsynchronized, BucketConfiguration configuration) {
        static Bandwidth of(long quota, Duration period, String path, String scope, long unsynchronized) {
            return new Bandwidth(quota, "rl:" + path + ":" + scope + ":" + quota + "/" + period.toSeconds() + ":", unsynchronized,
                    BucketConfiguration.builder().addLimit(l -> l.capacity(quota).refillGreedy(quota, period)).build());
        }

        String key(String subject) {
            return keyPrefix + subject;
        }
    }

    /** One route's limits, as the rest server applies them. */
    public static final class Route {
        private final RateLimits owner;
        private final Bandwidth perIp;
        private final Bandwidth perUser;
        private final boolean failOpen;

        private Route(RateLimits owner, Bandwidth perIp, Bandwidth perUser, boolean failOpen) {
            this.owner = owner;
            this.perIp = perIp;
            this.perUser = perUser;
            this.failOpen = failOpen;
        }

        /** Counts the request against its client address; call before reading the body. */
        public void perAddress(HttpServletRequest req) {
            if (perIp != null) {
                String client = owner.clients.of(req.getRemoteAddr(), Collections.list(req.getHeaders("X-Forwarded-For")));
                owner.take(perIp, perIp.key(client), failOpen);
            }
        }

        /** Counts the request against the signed-in user; call after the JWT check. */
        public void perUser(long userId) {
            if (perUser != null) {
                owner.take(perUser, perUser.key(Long.toString(userId)), failOpen);
            }
        }
    }
}
