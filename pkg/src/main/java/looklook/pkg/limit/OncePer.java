package looklook.pkg.limit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Lets one caller per key through per window, across every process sharing the Redis: the first
 * {@code SET key NX PX window} wins, the key's expiry ends the window. One round trip, no counter
 * to keep, and the fact lives where every replica sees it. Used where a call to someone else
 * (WeChat's order query) must not multiply with the number of pollers.
 */
public final class OncePer {
    private static final Logger log = LoggerFactory.getLogger(OncePer.class);
    private final UnifiedJedis redis;
    private final String prefix;
    private final Duration window;

    /** Windows of {@code window} for keys under {@code prefix} (e.g. {@code wxquery:}). */
    public OncePer(UnifiedJedis redis, String prefix, Duration window) {
        this.redis = requireNonNull(redis, "redis");
        this.prefix = requireNonNull(prefix, "prefix");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected > 0)");
        }
        this.window = window;
    }

    /**
     * True for the first caller of {@code key} in the current window. False for the others, and
     * when Redis cannot answer: the guarded call is then skipped, never repeated without bound.
     */
    public boolean first(String key) {
        try {
            return "OK".equals(redis.set(prefix + key, "1", SetParams.setParams().nx().px(window.toMillis())));
        } catch (RuntimeException e) {
            log.warn("{}{}: Redis cannot tell whether the window is open, skipping: {}", prefix, key, e.toString());
            return false;
        }
    }
}
