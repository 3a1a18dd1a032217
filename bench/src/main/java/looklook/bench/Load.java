package looklook.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs an operation from N threads for a warm-up and then a measured window, and prints one line:
 * {@code bench <name> ops/s=<n> p50_ms=<n> p99_ms=<n> samples=<n>} (errors counted apart).
 */
final class Load {
    /** One operation; a thread's own state (a user, a connection) is built by the factory. */
    interface Op {
        void run() throws Exception;
    }

    /** Builds one virtual user's operation (setup outside the measured window). */
    interface OpFactory {
        Op create(int vu) throws Exception;
    }

    /** What a run measured. */
    record Result(String name, double opsPerSecond, double p50Ms, double p99Ms, int samples, long errors,
                  List<ProcStats.PerOp> cpu) {
        String line() {
            return String.format("bench %s ops/s=%.1f p50_ms=%.2f p99_ms=%.2f samples=%d%s", name, opsPerSecond, p50Ms,
                    p99Ms, samples, errors == 0 ? "" : " errors=" + errors);
        }
    }

    private static final Duration SETUP_PATIENCE = Duration.ofSeconds(30);

    private Load() {
    }

    /**
     * One virtual user's setup, tried again while the mesh answers badly, for up to {@code patience}: on a
     * mesh that just started, the first calls into a process still loading its classes can overrun the 2 s
     * deadline. Anything but a failed call (a bug in the setup) ends the run at once.
     */
    static Op create(OpFactory factory, int vu, Duration patience) throws Exception {
        long giveUp = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return factory.create(vu);
            } catch (IOException e) {
                if (System.nanoTime() - giveUp > 0) {
                    throw e;
                }
                System.err.println("bench: virtual user " + vu + " setup failed, trying again: " + e.getMessage());
                Thread.sleep(Math.min(1000, patience.toMillis()));
            }
        }
    }

    static Result run(String name, int vus, Duration warmup, Duration measure, OpFactory factory) throws Exception {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < vus; i++) {
            ops.add(create(factory, i, SETUP_PATIENCE));
        }
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<long[]> perThread = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(vus);
        for (int i = 0; i < vus; i++) {
            long[][] slot = {new long[1024]};
            int[] n = {0};
            Op op = ops.get(i);
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        try {
                            op.run();
                        } catch (Exception e) {
                            if (t0 >= measureFrom) {
                                errors.incrementAndGet();
                            }
                            continue;
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= end) {
                            if (n[0] == slot[0].length) {
                                slot[0] = Arrays.copyOf(slot[0], n[0] * 2);
                            }
                            slot[0][n[0]++] = t1 - t0;
                        }
                    }
                } finally {
                    synchronized (perThread) {
                        perThread.add(Arrays.copyOf(slot[0], n[0]));
                    }
                    done.countDown();
                }
            }, "vu-" + i);
            t.setDaemon(true);
            t.start();
        }
        sleepUntil(measureFrom);
        ProcStats.Snapshot cpuFrom = ProcStats.take();
        Hops.Snapshot hopsFrom = Hops.take(System.getenv());
        long fromMs = System.currentTimeMillis();
        sleepUntil(end);
        ProcStats.Snapshot cpuTo = ProcStats.take();
        Hops.Snapshot hopsTo = Hops.take(System.getenv());
        // the window on the wall clock, for profiles recorded meanwhile (./mesh profile)
        System.out.printf("window %s from_ms=%d to_ms=%d%n", name, fromMs, System.currentTimeMillis());
        done.await();
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Result r = report(name, all, measure.toNanos() / 1e9, errors.get(), ProcStats.perOp(cpuFrom, cpuTo, all.length));
        // the operations that ended in the window stand for those that ran in it, as for the CPU
        System.out.println(Hops.line(name, hopsFrom, hopsTo, all.length));
        return r;
    }

    /** Prints the lines for latencies measured elsewhere (e.g. end-to-end delays) and the CPU they cost. */
    static Result report(String name, long[] nanos, double seconds, long errors, List<ProcStats.PerOp> cpu) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        Result r = new Result(name, sorted.length / seconds, pct(sorted, 0.50), pct(sorted, 0.99), sorted.length, errors, cpu);
        System.out.println(r.line());
        if (!cpu.isEmpty()) {
            System.out.println(ProcStats.line(name, cpu));
        }
        return r;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
