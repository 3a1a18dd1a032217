package looklook.pkg.jobq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.testing.PrivateRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

/** Redis dies and comes back: queued and scheduled tasks survive, the worker reconnects and runs them all once. */
class JobQueueRedisRestartIT {
    @Test
    void redisKilledAndRestarted_everyTaskRunsOnce(@TempDir Path tmp) throws Exception {
        String ns = "restart:{jq}";
        try (PrivateRedis redis = PrivateRedis.start(tmp);
             JedisPooled client = Redis.client(redis.conf())) {
            JobClient jobs = new JobClient(client, ns);
            Map<String, Integer> runs = new ConcurrentHashMap<>();
            JobServer server = new JobServer(client, ns, JobServer.Options.defaults(2).withLease(Duration.ofSeconds(3)),
                    Map.of("t", t -> runs.merge(t.id(), 1, Integer::sum)), new SimpleMeterRegistry()).start();
            try {
                for (int i = 0; i < 20; i++) {
                    jobs.enqueue(TaskSpec.of("t", "before-" + i, "{}"));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 20);

                server.close(Duration.ofSeconds(1)); // nothing consumes while we set up the outage
                for (int i = 0; i < 10; i++) {
                    jobs.enqueue(TaskSpec.of("t", "queued-" + i, "{}"));
                    jobs.enqueue(TaskSpec.of("t", "due-" + i, "{}").at(Instant.now().plusSeconds(4)));
                }
                redis.kill();
                server = new JobServer(client, ns, JobServer.Options.defaults(2).withLease(Duration.ofSeconds(3)),
                        Map.of("t", t -> runs.merge(t.id(), 1, Integer::sum)), new SimpleMeterRegistry()).start();
                Thread.sleep(1500); // the worker meets a dead Redis and keeps trying
                redis.startAgain(); // its script cache is empty now: the scripts must be loaded again

                await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == 40);
                Thread.sleep(500);
                assertThat(runs.values()).allMatch(n -> n == 1);
                assertThat(runs.keySet()).containsAll(Set.of("queued-0", "due-9", "before-19"));
                assertThat(jobs.enqueue(TaskSpec.of("t", "due-3", "{}"))).as("completed ids survive the restart").isFalse();
            } finally {
                server.close(Duration.ofSeconds(1));
            }
        }
    }
}
