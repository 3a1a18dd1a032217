package looklook.pkg.limit;

import static java.util.Objects.requireNonNull;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
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
 */
public final class RateLimits {
    /** No route limited (a process without a {@code RateLimit} block). */
    public static final RateLimits NONE = new RateLimits(null, Map.of(), 1, ClientAddress.trusting(List.of()));

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    /** After Redis failed, it is not asked again for this long: a dead Redis must not add its timeout to every request. */
    private static final long PAUSE_AFTER_FAILURE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final Route UNLIMITED = new Route(null, "", null, null, false);

    private final ProxyManager<String> buckets;
    private final Map<String, RouteLimitConf> routes;
    private final long scale;
    private final ClientAddress clients;
    private final Set<String> used = Collections.synchronizedSet(new HashSet<>());
    private volatile long redisDownUntil = System.nanoTime();

    private RateLimits(ProxyManager<String> buckets, Map<String, RouteLimitConf> routes, long scale, ClientAddress clients) {
        this.buckets = buckets;
        this.routes = routes;
        this.scale = scale;
        this.clients = clients;
    }

    /** The limits of {@code conf} (null: none), counted in {@code redis} under keys {@code rl:...}. */
    public static RateLimits create(RateLimitConf conf, UnifiedJedis redis) {
        if (conf == null || conf.routes().isEmpty()) {
            return NONE;
        }
        ProxyManager<byte[]> raw = Bucket4jJedis.casBasedBuilder(requireNonNull(redis, "redis"))
                // a bucket refilled to the top is the same as no bucket: let Redis drop it
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        return new RateLimits(raw.withMapper(k -> k.getBytes(StandardCharsets.UTF_8)), conf.routes(), conf.scale(),
                ClientAddress.trusting(conf.trustedProxies()));
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
        return new Route(this, path, bandwidth(c.perIp(), c.period()), bandwidth(c.perUser(), c.period()), c.failOpen());
    }

    /** Configured paths that no route asked for (a typo, or a route this build does not have). */
    public Set<String> unusedPaths() {
        Set<String> unused = new HashSet<>(routes.keySet());
        unused.removeAll(used);
        return unused;
    }

    private Bandwidth bandwidth(Long quota, Long periodSeconds) {
        return quota == null ? null : new Bandwidth(Math.multiplyExact(quota, scale), Duration.ofSeconds(periodSeconds));
    }

    /** Takes one token from the bucket {@code key}; throws when it is empty or cannot be counted. */
    private void take(Bandwidth b, String key, boolean failOpen) {
        if (System.nanoTime() - redisDownUntil < 0) {
            refuseUnlessOpen(failOpen, key);
            return;
        }
        ConsumptionProbe probe;
        try {
            probe = buckets.getProxy(key, b::configuration).tryConsumeAndReturnRemaining(1);
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

    private void refuseUnlessOpen(boolean failOpen, String key) {
        if (!failOpen) {
            log.debug("refused {}: Redis cannot count it", key);
            throw RateLimitException.cannotCount(ceilSeconds(PAUSE_AFTER_FAILURE_NANOS));
        }
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /** {@code Quota} requests per {@code period}, refilled smoothly; its bucket key names both, so a changed limit starts a fresh bucket. */
    private record Bandwidth(long quota, Duration period) {
        BucketConfiguration configuration() {
            return BucketConfiguration.builder().addLimit(l -> l.capacity(quota).refillGreedy(quota, period)).build();
        }

        String key(String path, String scope, String subject) {
            return "rl:" + path + ":" + scope + ":" + quota + "/" + period.toSeconds() + ":" + subject;
        }
    }

    /** One route's limits, as the rest server applies them. */
    public static final class Route {
        private final RateLimits owner;
        private final String path;
        private final Bandwidth perIp;
        private final Bandwidth perUser;
        private final boolean failOpen;

        private Route(RateLimits owner, String path, Bandwidth perIp, Bandwidth perUser, boolean failOpen) {
            this.owner = owner;
            this.path = path;
            this.perIp = perIp;
            this.perUser = perUser;
            this.failOpen = failOpen;
        }

        /** Counts the request against its client address; call before reading the body. */
        public void perAddress(HttpServletRequest req) {
            if (perIp != null) {
                String client = owner.clients.of(req.getRemoteAddr(), Collections.list(req.getHeaders("X-Forwarded-For")));
                owner.take(perIp, perIp.key(path, "ip", client), failOpen);
            }
        }

        /** Counts the request against the signed-in user; call after the JWT check. */
        public void perUser(long userId) {
            if (perUser != null) {
                owner.take(perUser, perUser.key(path, "user", Long.toString(userId)), failOpen);
            }
        }
    }
}
