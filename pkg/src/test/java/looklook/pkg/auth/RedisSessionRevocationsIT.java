package looklook.pkg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    void onceRevokeReturns_everyReaderRefusesTheSession_andReadersAnswerFromTheirCopy(@TempDir Path tmp) throws Exception {
        try (PrivateRedis server = PrivateRedis.start(tmp);
             JedisPooled writerRedis = Redis.client(server.conf());
             JedisPooled readerRedis = Redis.client(server.conf());
             RedisSessionRevocations writer = new RedisSessionRevocations(writerRedis, Clock.systemUTC());
             RedisSessionRevocations one = new RedisSessionRevocations(readerRedis, Clock.systemUTC());
             RedisSessionRevocations two = new RedisSessionRevocations(readerRedis, Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                String sid = TestInfra.unique("sid");
                assertThat(one.isRevoked(sid)).isFalse();
                writer.revoke(sid, 7200);
                assertThat(one.isRevoked(sid)).as("round %d", i).isTrue();
                assertThat(two.isRevoked(sid)).as("round %d", i).isTrue();
            }
            List<String> family = List.of(TestInfra.unique("sid"), TestInfra.unique("sid"));
            writer.revoke(family, 7200);
            assertThat(family).allSatisfy(sid -> assertThat(two.isRevoked(sid)).isTrue());

            long before = zscoreCalls(writerRedis);
            for (int i = 0; i < 1000; i++) {
                one.isRevoked(TestInfra.unique("sid"));
            }
            // a reader asks Redis only while its copy is late (a slow poll on a busy machine): not per request
            assertThat(zscoreCalls(writerRedis) - before).isLessThan(500);
        }
    }

    private static long zscoreCalls(JedisPooled redis) {
        String stats = redis.info("commandstats");
        int at = stats.indexOf("cmdstat_zscore:calls=");
        if (at < 0) {
            return 0;
        }
        String rest = stats.substring(at + "cmdstat_zscore:calls=".length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
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
