package looklook.bench;

import java.time.Duration;
import java.util.Map;

/**
 * {@code ./mesh bench [seconds] [vus]}: baselines first, then the mesh scenarios, each warmed up
 * and measured for a bounded window. Figures are meant to be read as ratios to the baselines of
 * the same run: the machine is small and shared.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // the figures are the output: per-request and per-task log lines would drown them
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int vus = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Duration warmup = Duration.ofSeconds(Math.max(3, seconds / 3));
        Duration measure = Duration.ofSeconds(seconds);
        Map<String, String> env = System.getenv();
        String host = "127.0.0.1";
        System.out.printf("bench: %d virtual users, %d s warm-up, %d s measured per scenario%n", vus, warmup.toSeconds(), seconds);

        Baselines.dbTransaction(env, vus, warmup, measure);
        Baselines.kafkaRoundTrip(env, warmup, measure);
        Scenarios.createOrder(host, vus, warmup, measure);
        // before the scenarios that pay many orders: their events keep the asynchronous half busy for a while
        NotifyToMessage.run(host, 5, 5 * seconds);
        Purchase.run(host, vus, warmup, measure);
        NotifyHandling.run(host, java.nio.file.Path.of(env.getOrDefault("LOOKLOOK_WECHAT_KEYS", ".mesh/wechat")), vus, 1000);
        Scenarios.jobLateness(env, 50, measure);
        System.exit(0);
    }
}
