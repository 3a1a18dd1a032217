package looklook.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./mesh bench [seconds] [vus] [rate] [purchase]}: a purchase load that warms every process's JIT, the
 * baselines, then the mesh scenarios, each warmed up again and measured for a bounded window. Each
 * scenario prints its rate and latencies and the CPU each process spent per operation (from /proc);
 * the run ends with the figures the performance targets are stated in, as ratios to the baselines of
 * the same run where they compare with one: the machine is small and shared.
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
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        // "purchase" alone: the load under which to profile the processes (./mesh profile)
        boolean purchaseOnly = args.length > 3 && args[3].equals("purchase");
        Duration warmup = Duration.ofSeconds(Math.max(3, seconds / 3));
        Duration jit = Duration.ofSeconds(Math.max(60, seconds * 4));
        Duration measure = Duration.ofSeconds(seconds);
        Map<String, String> env = System.getenv();
        String host = "127.0.0.1";
        System.out.printf("bench: %d virtual users, %d s JIT warm-up, then %d s warm-up and %d s measured per scenario%n", vus,
                jit.toSeconds(), warmup.toSeconds(), seconds);
        System.out.println(ProcStats.memoryLine() + " (before)");

        // C2 compiles a method after ~10k calls: every process on the purchase path gets them here, and 13
        // JVMs compiling on 2 cores take a minute or more to settle (the cpu lines show the JIT's share)
        Purchase.run("jit-warm-up", host, vus, Duration.ZERO, jit);
        if (purchaseOnly) {
            Purchase.run("purchase", host, vus, warmup, measure);
            System.exit(0);
        }
        Load.Result db = Baselines.dbTransaction(env, vus, warmup, measure);
        Baselines.kafkaRoundTrip(env, warmup, measure);
        Scenarios.createOrder(host, vus, warmup, measure);
        Load.Result purchase = Purchase.run("purchase", host, vus, warmup, measure);
        Load.Result notifies = NotifyHandling.run(host, java.nio.file.Path.of(env.getOrDefault("LOOKLOOK_WECHAT_KEYS", ".mesh/wechat")),
                vus, 1000);
        Load.Result toMessage = NotifyToMessage.run(host, rate, rate * seconds, vus);
        Load.Result jobs = Scenarios.jobLateness(env, 50, measure);
        System.out.println(ProcStats.memoryLine() + " (after)");

        System.out.printf("figure mesh_cpu_ms_per_purchase=%.2f (target <= 15)%n", ProcStats.total(purchase.cpu(), Set.of()));
        System.out.printf("figure cpu_ms_per_verified_notify=%.2f (target <= 2; payment-api + payment-rpc + mariadb)%n",
                ProcStats.total(notifies.cpu(), NotifyHandling.VERIFY_PATH));
        System.out.printf("figure notify_handling_over_db_tx=%.3f (target >= 0.33; %.1f/s against %.1f/s at %d)%n",
                notifies.opsPerSecond() / db.opsPerSecond(), notifies.opsPerSecond(), db.opsPerSecond(), vus);
        System.out.printf("figure notify_to_messages_p99_ms=%.1f at %d/s (target <= 100)%n", toMessage.p99Ms(), rate);
        System.out.printf("figure job_lateness_p99_ms=%.1f (target <= 50)%n", jobs.p99Ms());
        System.out.printf("figure purchases_per_s=%.1f with %d users (target >= 100); the mesh alone could do %.0f/s on 2 cores at this CPU%n",
                purchase.opsPerSecond(), vus, 2000 / ProcStats.total(purchase.cpu(), Set.of()));
        System.exit(0);
    }
}
