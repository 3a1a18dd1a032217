package looklook.pkg.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.jobq.JobServer;
import looklook.pkg.jobq.Redis;

/**
 * A worker in its own process whose handler takes the task and then hangs, for kill -9 tests:
 * args {@code <redis host:port> <namespace> <type>}; prints {@code TOOK <id>}.
 */
public final class StuckWorkerMain {
    private StuckWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        var redis = Redis.client(new RedisConf(args[0], TestInfra.redisPassword()));
        new JobServer(redis, args[1], JobServer.Options.defaults(1).withLease(Duration.ofSeconds(2)),
                Map.of(args[2], task -> {
                    System.out.println("TOOK " + task.id());
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }), new SimpleMeterRegistry()).start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
