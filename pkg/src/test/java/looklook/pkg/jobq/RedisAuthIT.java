package looklook.pkg.jobq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.testing.PrivateRedis;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisDataException;

/** Redis wants its password: the mesh's (./mesh --requirepass) and a test's private one alike. */
class RedisAuthIT {
    @Test
    void meshRedis_refusesAClientWithoutThePassword() {
        assertThat(TestInfra.redisPassword()).as("LOOKLOOK_REDIS_PASSWORD from .mesh/env").isNotEmpty();
        assertRefusedWithoutPassword(TestInfra.redisConf());
    }

    @Test
    void privateRedis_refusesAClientWithoutThePassword(@TempDir Path dir) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(Files.createDirectories(dir.resolve("redis")))) {
            assertRefusedWithoutPassword(redis.conf());
        }
    }

    private static void assertRefusedWithoutPassword(RedisConf conf) {
        try (JedisPooled none = Redis.client(new RedisConf(conf.host(), null))) {
            assertThatThrownBy(none::ping).isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
        }
        try (JedisPooled wrong = Redis.client(new RedisConf(conf.host(), conf.pass() + "x"))) {
            assertThatThrownBy(wrong::ping).hasMessageContaining("WRONGPASS");
        }
        try (JedisPooled right = Redis.client(conf)) {
            assertThat(right.ping()).isEqualTo("PONG");
        }
    }
}
