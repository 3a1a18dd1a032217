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
        int seconds = positive(args, 0, "seconds", 15);
        int vus = positive(args, 1, "virtual users", 8);
        int rate = positive(args, 2, "rate", 50);
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

        double purchaseCpu = ProcStats.total(purchase.cpu(), Set.of());
        figure(String.format("mesh_cpu_ms_per_purchase=%.2f (target <= 15)", purchaseCpu), purchase);
        figure(String.format("cpu_ms_per_verified_notify=%.2f (target <= 2; payment-api + payment-rpc + mariadb)",
                ProcStats.total(notifies.cpu(), NotifyHandling.VERIFY_PATH)), notifies);
        figure(String.format("notify_handling_over_db_tx=%.3f (target >= 0.33; %.1f/s against %.1f/s at %d)",
                notifies.opsPerSecond() / db.opsPerSecond(), notifies.opsPerSecond(), db.opsPerSecond(), vus), notifies, db);
        figure(String.format("notify_to_messages_p99_ms=%.1f at %d/s (target <= 100)", toMessage.p99Ms(), rate), toMessage);
        figure(String.format("job_lateness_p99_ms=%.1f (target <= 50)", jobs.p99Ms()), jobs);
        figure(String.format("purchases_per_s=%.1f with %d users (target >= 100); the mesh alone could do %.0f/s on 2 cores at this CPU",
                purchase.opsPerSecond(), vus, 2000 / purchaseCpu), purchase);
        System.exit(failed ? 1 : 0);
    }

    /** True once a figure rests on a scenario that measured nothing: the run then exits 1. */
    private static boolean failed;

    /** Prints a figure, marked when a scenario under it failed some operations or measured none. */
    private static void figure(String text, Load.Result... from) {
        StringBuilder line = new StringBuilder("figure ").append(text);
        for (Load.Result r : from) {
            if (r.samples() == 0) {
                failed = true;
                line.append(" NOT MEASURED: ").append(r.name()).append(" had no successful operation");
            } else if (r.errors() > 0) {
                line.append(" (").append(r.name()).append(": ").append(r.errors()).append(" failed or missing)");
            }
        }
        System.out.println(line);
    }

    private static int positive(String[] args, int i, String name, int otherwise) {
        int v = args.length > i ? Integer.parseInt(args[i]) : otherwise;
        if (v < 1) {
            throw new IllegalArgumentException(name + ": " + v + " (expected >= 1)");
        }
        return v;
    }
}
