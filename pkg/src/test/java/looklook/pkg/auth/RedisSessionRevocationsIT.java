package looklook.pkg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import looklook.pkg.jobq.Redis;
import looklook.pkg.testing.PrivateRedis;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

class RedisSessionRevocationsIT {
    @Test
    void aRevokedSessionIsSeenByAnotherProcess_andStillWhileRedisIsDown(@TempDir Path tmp) throws Exception {
        try (PrivateRedis server = PrivateRedis.start(tmp);
             JedisPooled writerRedis = Redis.client(server.conf());
             JedisPooled readerRedis = Redis.client(server.conf());
             RedisSessionRevocations writer = new RedisSessionRevocations(writerRedis, Clock.systemUTC());
             RedisSessionRevocations reader = new RedisSessionRevocations(readerRedis, Clock.systemUTC())) {
            String revoked = TestInfra.unique("sid");
            String live = TestInfra.unique("sid");
            assertThat(reader.isRevoked(revoked)).isFalse();

            writer.revoke(revoked, 7200);
            assertThat(reader.isRevoked(revoked)).as("at once, through Redis").isTrue();
            assertThat(reader.isRevoked(live)).isFalse();
            assertThat(writerRedis.ttl(RedisSessionRevocations.KEY)).isEqualTo(-1L);

            // the reader's mirror catches up within its sync period, then Redis goes away
            Thread.sleep(3500);
            server.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> reader.isRevoked(revoked));
            assertThat(reader.isRevoked(live)).as("the outage does not revoke everyone").isFalse();
        }
    }

    @Test
    void anExpiredRevocationIsForgotten() {
        try (JedisPooled redis = Redis.client(TestInfra.redisConf());
             RedisSessionRevocations r = new RedisSessionRevocations(redis, Clock.systemUTC())) {
            String sid = TestInfra.unique("sid");
            redis.zadd(RedisSessionRevocations.KEY, Clock.systemUTC().instant().getEpochSecond() - 1, sid);
            assertThat(r.isRevoked(sid)).isFalse();
            String fresh = TestInfra.unique("sid");
            r.revoke(fresh, 60);
            assertThat(r.isRevoked(fresh)).isTrue();
            assertThat(redis.zscore(RedisSessionRevocations.KEY, sid)).as("swept by the next revoke").isNull();
        }
    }
}
