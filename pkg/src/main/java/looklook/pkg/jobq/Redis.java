package looklook.pkg.jobq;

import java.util.List;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.discovery.HostPorts;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A pooled Redis client from config, and Lua scripts run by digest (reloaded after a Redis restart). */
public final class Redis {
    private Redis() {
    }

    /** Connections one pool opens at most: a job server keeps one for its wake-up subscription. */
    private static final int POOL_SIZE = 16;

    /** A client pool on {@code conf}. */
    public static JedisPooled client(RedisConf conf) {
        var hp = HostPorts.parse(conf.host());
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000).socketTimeoutMillis(5000);
        if (conf.pass() != null && !conf.pass().isEmpty()) {
            cfg.password(conf.pass());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        return new JedisPooled(new HostAndPort(hp.getHostString(), hp.getPort()), cfg.build(), pool);
    }

    /** A Lua script sent once and then run by its SHA-1. */
    static final class Script {
        private final String source;
        private volatile String sha;

        Script(String source) {
            this.source = source;
        }

        Object run(JedisPooled redis, List<String> keys, List<String> args) {
            String s = sha;
            if (s == null) {
                s = sha = redis.scriptLoad(source);
            }
            try {
                return redis.evalsha(s, keys, args);
            } catch (JedisNoScriptException e) {
                // Redis restarted and forgot its script cache
                sha = redis.scriptLoad(source);
                return redis.evalsha(sha, keys, args);
            }
        }
    }
}
