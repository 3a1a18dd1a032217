package looklook.pkg.jobq;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * Runs tasks from the queue (asynq's Server): {@code concurrency} handlers at a time, each task
 * leased under a fencing token and kept alive by heartbeats, so a crashed worker's task returns
 * to the queue when its lease expires and a slow-but-alive worker cannot complete a task that
 * was handed to someone else. Any number of workers on any machines can run side by side.
 *
 * <p>An idle fetcher does not poll: it sleeps until an enqueue wakes it ({@link WakeUps}, a
 * subscription to its queues' wake channels) or the earliest scheduled or retry task is due, and
 * each look first moves the due tasks to pending, so a delayed task starts on time. The sleep is
 * capped at {@code maxSleep}, the safety net should a wake-up be lost. Every instance also runs a
 * slower maintenance: it recovers expired leases, and forwards due tasks while all workers are busy.
 */
public final class JobServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobServer.class);

    /**
     * @param queues        the queues taken, in this order when {@code weights} is empty (strict priority)
     * @param weights       per queue, the odds that a look tries it first (asynq's weighted priority); empty for strict
     * @param lease         how long a task stays ours without a heartbeat (heartbeats every third of it)
     * @param maxSleep      the longest an idle fetcher waits for a wake-up before it looks again
     * @param maintainEvery how often to recover expired leases (and forward due tasks no fetcher took)
     * @param retryDelay    backoff before retry n (1-based)
     */
    public record Options(List<String> queues, Map<String, Integer> weights, int concurrency, Duration lease, Duration maxSleep,
                          Duration maintainEvery, IntFunction<Duration> retryDelay) {
        public Options {
            queues = List.copyOf(queues);
            weights = Map.copyOf(weights);
            if (queues.isEmpty() || concurrency < 1) {
                throw new IllegalArgumentException("a job server needs a queue and concurrency >= 1");
            }
            if (!weights.isEmpty() && (!weights.keySet().equals(Set.copyOf(queues)) || weights.values().stream().anyMatch(w -> w < 1))) {
                throw new IllegalArgumentException("weights " + weights + ": expected one >= 1 for each of " + queues);
            }
            if (maxSleep.toMillis() < 1) {
                throw new IllegalArgumentException("maxSleep: " + maxSleep.toMillis() + " ms (expected >= 1)");
            }
        }

        /** One default queue; 30 s leases; an idle fetcher looks again at least every second; maintenance every second. */
        public static Options defaults(int concurrency) {
            return new Options(List.of(TaskSpec.DEFAULT_QUEUE), Map.of(), concurrency, Duration.ofSeconds(30),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), JobServer::exponentialBackoff);
        }

        /** The same options on {@code q}, taken in that order: a task of a later queue runs only when the earlier ones are empty. */
        public Options withQueues(List<String> q) {
            return new Options(q, Map.of(), concurrency, lease, maxSleep, maintainEvery, retryDelay);
        }

        /**
         * The same options on the queues of {@code w}, each look trying them in an order drawn by weight: a queue
         * of weight 3 beside one of 1 is tried first three looks in four, so its tasks pass a backlog of the other,
         * and a backlog of its own (tasks that each hold a worker, say) never stops the other.
         */
        public Options withWeightedQueues(Map<String, Integer> w) {
            return new Options(List.copyOf(w.keySet()), w, concurrency, lease, maxSleep, maintainEvery, retryDelay);
        }

        public Options withLease(Duration l) {
            return new Options(queues, weights, concurrency, l, maxSleep, maintainEvery, retryDelay);
        }

        public Options withRetryDelay(IntFunction<Duration> d) {
            return new Options(queues, weights, concurrency, lease, maxSleep, maintainEvery, d);
        }
    }

    private final JedisPooled redis;
    private final String ns;
    private final Options opts;
    private final Map<String, JobHandler> handlers;
    private final MeterRegistry metrics;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Semaphore free;
    private final Thread fetcher;
    private final WakeUps wakeUps;
    private volatile boolean running = true;
    private volatile long quietUntil;
    /** When the fetcher sent its last look ({@link System#nanoTime()}); fetcher thread only. */
    private long lookedAt;

    public JobServer(JedisPooled redis, String namespace, Options opts, Map<String, JobHandler> handlers,
                     MeterRegistry metrics) {
        this.redis = requireNonNull(redis, "redis");
        this.ns = requireNonNull(namespace, "namespace");
        this.opts = requireNonNull(opts, "opts");
        this.handlers = Map.copyOf(handlers);
        this.metrics = requireNonNull(metrics, "metrics");
        this.workers = Executors.newFixedThreadPool(opts.concurrency(), daemon("job-worker"));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(2, daemon("job-timer"));
        // every task cancels its heartbeat and its (30 min by default) timeout when it ends: drop them at once
        t.setRemoveOnCancelPolicy(true);
        this.timers = t;
        this.free = new Semaphore(opts.concurrency());
        this.fetcher = daemon("job-fetcher").newThread(this::fetchLoop);
        this.wakeUps = new WakeUps(redis, opts.queues().stream().distinct().map(q -> ns + ":wake:" + q).toArray(String[]::new),
                e -> warnOutage("wake-up subscription", e));
    }

    /** asynq-like backoff: 1 s, 2 s, 4 s ... capped at 10 min, with up to 20% jitter. */
    public static Duration exponentialBackoff(int attempt) {
        long base = Math.min(1000L << Math.min(attempt - 1, 20), 600_000L);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 5 + 1));
    }

    /** Starts fetching and maintaining. */
    public JobServer start() {
        timers.scheduleWithFixedDelay(this::maintain, 0, opts.maintainEvery().toMillis(), TimeUnit.MILLISECONDS);
        wakeUps.start();
        fetcher.start();
        log.info("job server on {} queues {} (weights {}) with {} workers for {}", ns, opts.queues(),
                opts.weights().isEmpty() ? "none: in this order" : opts.weights(), opts.concurrency(), handlers.keySet());
        return this;
    }

    private void maintain() {
        try {
            List<?> r = (List<?>) Scripts.MAINTAIN.run(redis, List.of(), List.of(ns, "200", "1000"));
            long recovered = (Long) r.get(1);
            if (recovered > 0) {
                log.warn("job queue {}: {} task(s) whose worker stopped renewing the lease will be retried", ns, recovered);
            }
        } catch (RuntimeException e) {
            warnOutage("maintenance", e);
        }
        try {
            wakeUps.keepAlive();
        } catch (RuntimeException e) {
            // never out of this method: a scheduled task that throws is never run again, and lease
            // recovery (tasks of a killed worker) would stop with it
            warnOutage("wake-up keep-alive", e);
        }
    }

    /** Takes tasks while workers are free, and sleeps while there is nothing to take. */
    private void fetchLoop() {
        while (running) {
            try {
                long sleepMs = takeOne();
                if (sleepMs > 0) {
                    wakeUps.awaitUntil(lookedAt + TimeUnit.MILLISECONDS.toNanos(sleepMs));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                warnOutage("fetch", e);
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** The queues in the order this look tries them: as given, or drawn by weight without replacement. */
    private List<String> lookOrder() {
        if (opts.weights().isEmpty()) {
            return opts.queues();
        }
        List<String> left = new ArrayList<>(opts.queues());
        List<String> order = new ArrayList<>(left.size());
        while (!left.isEmpty()) {
            int total = left.stream().mapToInt(q -> opts.weights().get(q)).sum();
            int draw = ThreadLocalRandom.current().nextInt(total);
            for (int i = 0; i < left.size(); i++) {
                draw -= opts.weights().get(left.get(i));
                if (draw < 0) {
                    order.add(left.remove(i));
                    break;
                }
            }
        }
        return order;
    }

    /** Takes a task if one is ready (waiting for a free worker first); returns how long to sleep before the next look. */
    private long takeOne() throws InterruptedException {
        free.acquire();
        String token = UUID.randomUUID().toString();
        // the sleep counts from before the look: a reply that comes late (a busy machine) must not delay the task too
        lookedAt = System.nanoTime();
        Object r;
        try {
            List<String> args = new ArrayList<>(3 + opts.queues().size());
            args.add(ns);
            args.add(Long.toString(opts.lease().toMillis()));
            args.add(token);
            args.addAll(lookOrder());
            r = Scripts.DEQUEUE.run(redis, List.of(), args);
        } catch (RuntimeException e) {
            free.release();
            throw e;
        }
        if (r instanceof Long dueIn) {
            free.release();
            return sleepFor(dueIn);
        }
        List<?> t = (List<?>) r;
        Task task = new Task((String) t.get(0), (String) t.get(1), (String) t.get(2),
                Integer.parseInt((String) t.get(3)), Integer.parseInt((String) t.get(4)),
                Instant.ofEpochMilli(Long.parseLong((String) t.get(6))));
        long timeoutMs = Long.parseLong((String) t.get(5));
        long startedAt = Long.parseLong((String) t.get(7));
        Timer.builder("jobq.task.lateness").tag("type", task.type()).register(metrics)
                .record(Math.max(0, startedAt - task.processAt().toEpochMilli()), TimeUnit.MILLISECONDS);
        try {
            workers.submit(() -> run(task, token, timeoutMs));
        } catch (RejectedExecutionException closing) {
            free.release(); // the lease expires and another worker takes it
        }
        return (Long) t.get(8) == 1L ? 0 : sleepFor((Long) t.get(9));
    }

    /** How long to sleep for a task due in {@code dueInMs} (-1: none scheduled); 0: look again at once. */
    private long sleepFor(long dueInMs) {
        if (dueInMs == 0) {
            return 0;
        }
        long cap = opts.maxSleep().toMillis();
        // +1: a wait that ends a hair early would look before the task is due and sleep again
        return dueInMs < 0 ? cap : Math.min(dueInMs + 1, cap);
    }

    /** While Redis is away every loop fails several times a second: say so once every 5 s, not each time. */
    private void warnOutage(String what, RuntimeException e) {
        long now = System.currentTimeMillis();
        if (now >= quietUntil) {
            quietUntil = now + 5_000;
            log.warn("job queue {} failed (retrying, further failures for 5 s not logged): {}", what, e.toString());
        }
    }

    private void run(Task task, String token, long timeoutMs) {
        long period = Math.max(opts.lease().toMillis() / 3, 50);
        var beat = timers.scheduleAtFixedRate(() -> heartbeat(task, token), period, period, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        String outcome;
        try {
            JobHandler h = handlers.get(task.type());
            if (h == null) {
                throw new IllegalStateException("no handler for task type " + task.type());
            }
            runWithTimeout(h, task, timeoutMs);
            beat.cancel(false);
            outcome = complete(task, token);
        } catch (Exception e) {
            beat.cancel(false);
            outcome = fail(task, token, e);
        } finally {
            free.release();
        }
        Timer.builder("jobq.task.duration").tag("type", task.type()).tag("outcome", outcome).register(metrics)
                .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }

    private void runWithTimeout(JobHandler h, Task task, long timeoutMs) throws Exception {
        Future<?> f = timers.schedule(Thread.currentThread()::interrupt, timeoutMs, TimeUnit.MILLISECONDS);
        try {
            h.handle(task);
        } catch (InterruptedException e) {
            throw new TimeoutException("task ran longer than its timeout of " + timeoutMs + " ms");
        } finally {
            f.cancel(false);
            Thread.interrupted(); // clear a timeout interrupt that raced with completion
        }
    }

    private void heartbeat(Task task, String token) {
        try {
            Object r = Scripts.HEARTBEAT.run(redis, List.of(), List.of(ns, task.id(), token, Long.toString(opts.lease().toMillis())));
            if (((Long) r) == 0L) {
                log.warn("task {} {}: lease lost while running; another worker may run it too", task.type(), task.id());
            }
        } catch (RuntimeException e) {
            log.warn("task {} heartbeat failed: {}", task.id(), e.toString());
        }
    }

    private String complete(Task task, String token) {
        Object r = Scripts.COMPLETE.run(redis, List.of(), List.of(ns, task.id(), token));
        if (((Long) r) == 0L) {
            log.warn("task {} {} finished after its lease was lost; it may run again elsewhere", task.type(), task.id());
            return "lease-lost";
        }
        log.info("task {} {} done (attempt {})", task.type(), task.id(), task.retried() + 1);
        return "done";
    }

    private String fail(Task task, String token, Exception e) {
        boolean skip = e instanceof SkipRetryException;
        String error = String.valueOf(e.getMessage());
        error = error.length() > 500 ? error.substring(0, 500) : error;
        long delay = opts.retryDelay().apply(task.retried() + 1).toMillis();
        Object r = Scripts.FAIL.run(redis, List.of(), List.of(ns, task.id(), token, error, Long.toString(delay), skip ? "1" : "0"));
        long code = (Long) r;
        if (code == 2L) {
            log.error("task {} {} archived after {} attempt(s): {}", task.type(), task.id(), task.retried() + 1, error, e);
            return "archived";
        }
        if (code == 1L) {
            log.warn("task {} {} failed (attempt {}), retry in {} ms: {}", task.type(), task.id(), task.retried() + 1, delay, error);
            return "retry";
        }
        log.warn("task {} {} failed after its lease was lost: {}", task.type(), task.id(), error);
        return "lease-lost";
    }

    /** Stops taking tasks and waits up to {@code grace} for running ones; unfinished ones return to the queue when their lease expires. */
    public void close(Duration grace) {
        running = false;
        wakeUps.close();
        fetcher.interrupt(); // a fetcher waiting for a free worker, or sleeping out an outage
        stopFetcher();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        timers.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** Waits for the fetcher, so that a task it has just leased still reaches a worker. */
    private void stopFetcher() {
        try {
            fetcher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
