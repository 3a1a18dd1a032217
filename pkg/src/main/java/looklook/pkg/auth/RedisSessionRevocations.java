package looklook.pkg.auth;

import static java.util.Objects.requireNonNull;

import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Revoked sessions as Redis keys that expire when the last access token of the session could:
 * usercenter-rpc writes them, every API reads them. One GET per authenticated request.
 */
public final class RedisSessionRevocations implements SessionRevocations {
    private static final String PREFIX = "looklook:auth:revoked-session:";
    /** Clock skew between processes, so a revocation outlives the tokens it names. */
    private static final long SKEW_SECONDS = 60;

    private final JedisPooled redis;

    public RedisSessionRevocations(JedisPooled redis) {
        this.redis = requireNonNull(redis, "redis");
    }

    @Override
    public boolean isRevoked(String sessionId) {
        return redis.exists(PREFIX + sessionId);
    }

    /** Ends {@code sessionId} for {@code accessExpireSeconds} (the longest an access token of it can live). */
    public void revoke(String sessionId, long accessExpireSeconds) {
        redis.set(PREFIX + requireNonNull(sessionId, "sessionId"), "1",
                SetParams.setParams().ex(accessExpireSeconds + SKEW_SECONDS));
    }
}
