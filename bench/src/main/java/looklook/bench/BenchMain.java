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
    /**
     * Notifies the notify-handling scenario sends, the first fifth as its warm-up: 1,000 left a window of
     * under 3 s that still paid for compiling the notify path (a fifth of its CPU), 2,000 measure it warm.
     */
    private static final int NOTIFIES = 2000;
    private static final Duration JIT_SLICE = Duration.ofSeconds(20);
    private static final int JIT_SETTLED_PERCENT = 8;
    private static final int MAX_JIT_WARM_UP_S = 300;

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
        Duration jitAtMost = Duration.ofSeconds(Math.max(MAX_JIT_WARM_UP_S, seconds * 4));
        Duration measure = Duration.ofSeconds(seconds);
        Map<String, String> env = System.getenv();
        String host = "127.0.0.1";
        System.out.printf("bench: %d virtual users, a JIT warm-up of at most %d s, then %d s warm-up and %d s measured per scenario%n",
                vus, jitAtMost.toSeconds(), warmup.toSeconds(), seconds);
        System.out.println(ProcStats.memoryLines("before"));

        warmUpJit(host, vus, jitAtMost);
        if (purchaseOnly) {
            Purchase.run("purchase", host, vus, warmup, measure);
            System.out.println(ProcStats.memoryLines("after"));
            System.exit(0);
        }
        Load.Result db = Baselines.dbTransaction(env, vus, warmup, measure);
        Baselines.kafkaRoundTrip(env, warmup, measure);
        Scenarios.createOrder(host, vus, warmup, measure);
        Load.Result purchase = Purchase.run("purchase", host, vus, warmup, measure);
        Load.Result notifies = NotifyHandling.run(host, java.nio.file.Path.of(env.getOrDefault("LOOKLOOK_WECHAT_KEYS", ".mesh/wechat")),
                vus, NOTIFIES);
        Load.Result toMessage = NotifyToMessage.run(host, rate, rate * seconds, vus);
        Load.Result jobs = Scenarios.jobLateness(env, 50, measure);
        System.out.println(ProcStats.memoryLines("after"));

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

    /**
     * C2 compiles a method after ~10k calls, and a process that sees one call per purchase (message-mq,
     * mqueue-job, usercenter-rpc) gets there minutes after one that sees ten. So the purchase load runs in
     * slices until the JIT is under {@value #JIT_SETTLED_PERCENT}% of a slice's mesh CPU, or for
     * {@code atMost}: a measure of a mesh still compiling would be a measure of its warm-up (the first
     * minute costs several times the steady state; each slice's line shows the curve).
     */
    private static void warmUpJit(String host, int vus, Duration atMost) throws Exception {
        long until = System.nanoTime() + atMost.toNanos();
        int slice = 0;
        while (true) {
            Load.Result r = Purchase.run("jit-warm-up-" + ++slice, host, vus, Duration.ZERO, JIT_SLICE);
            double share = 100 * ProcStats.jit(r.cpu()) / ProcStats.total(r.cpu(), Set.of());
            if (share < JIT_SETTLED_PERCENT || System.nanoTime() + JIT_SLICE.toNanos() > until) {
                System.out.printf("bench: JIT warm-up ends after %d slices, the JIT at %.0f%% of the mesh's CPU%n", slice, share);
                return;
            }
        }
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
