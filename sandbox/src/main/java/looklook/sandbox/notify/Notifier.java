package looklook.sandbox.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import looklook.sandbox.faults.Faults;
import looklook.sandbox.wire.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifies to merchants the way WeChat Pay does: POST, answer expected within the notify
 * timeout, anything but 2xx (or no answer) retried on {@link RetrySchedule} scaled by the time
 * factor. Notify faults (drop, delay, duplicate, reorder) are applied here.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final NotifyBuilder builder;
    private final Faults faults;
    private final Deliveries deliveries;
    private final double timeFactor;
    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, daemon("notify-timer"));
    private final ExecutorService io = Executors.newCachedThreadPool(daemon("notify-io"));
    private final HttpClient http;
    private final List<NotifyMessage> held = new ArrayList<>();

    public Notifier(NotifyBuilder builder, Faults faults, Deliveries deliveries, double timeFactor, long timeoutMs) {
        this.builder = builder;
        this.faults = faults;
        this.deliveries = deliveries;
        this.timeFactor = timeFactor;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(io)
                .build();
    }

    /** Queues {@code m} for delivery (after whatever notify fault catches it). */
    public void send(NotifyMessage m) {
        if (m.notifyUrl() == null || m.notifyUrl().isBlank()) {
            log.info("notify {} {} not sent: no notify_url out_trade_no={}", m.eventType(), m.id(), m.outTradeNo());
            return;
        }
        Faults.NotifyDecision d = faults.takeNotify().orElse(null);
        if (d == null) {
            dispatch(m, 0);
            return;
        }
        switch (d.mode()) {
            case DROP -> {
                deliveries.open(m, Deliveries.State.DROPPED);
                log.info("notify {} {} dropped by fault out_trade_no={}", m.eventType(), m.id(), m.outTradeNo());
            }
            case DELAY -> dispatch(m, d.delayMs());
            case DUPLICATE -> {
                for (int i = 0; i < d.copies(); i++) {
                    dispatch(m, 0);
                }
            }
            case REORDER -> hold(m, d);
        }
    }

    /**
     * Sends {@code m} once with a probe signature that cannot verify and returns the merchant's
     * status (or -1 when it did not answer); a correct merchant refuses it.
     */
    public int probe(NotifyMessage m) {
        long seq = deliveries.open(m, Deliveries.State.PROBE);
        return post(seq, m, 1, true).join().status();
    }

    private void hold(NotifyMessage m, Faults.NotifyDecision d) {
        List<NotifyMessage> release = List.of();
        synchronized (held) {
            held.add(m);
            if (d.releaseHeld()) {
                release = takeHeldNewestFirst();
            } else if (held.size() == 1) {
                // a group that never fills up must not swallow its notifies
                timer.schedule(this::releaseHeld, d.holdMs(), TimeUnit.MILLISECONDS);
            }
        }
        dispatchInOrder(release);
    }

    private void releaseHeld() {
        List<NotifyMessage> release;
        synchronized (held) {
            release = takeHeldNewestFirst();
        }
        dispatchInOrder(release);
    }

    /** Each notify's first attempt starts once the previous one's has finished, so the merchant sees this order. */
    private void dispatchInOrder(List<NotifyMessage> messages) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (NotifyMessage n : messages) {
            chain = chain.thenCompose(done -> dispatch(n, 0));
        }
    }

    private List<NotifyMessage> takeHeldNewestFirst() {
        List<NotifyMessage> out = new ArrayList<>(held);
        held.clear();
        Collections.reverse(out);
        return out;
    }

    /** Starts a delivery; completes when its first attempt has finished (retries go on after). */
    private CompletableFuture<Void> dispatch(NotifyMessage m, long delayMs) {
        long seq = deliveries.open(m, Deliveries.State.PENDING);
        CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
        schedule(() -> attempt(seq, m, 1).whenComplete((done, err) -> firstAttempt.complete(null)), delayMs);
        return firstAttempt;
    }

    private CompletableFuture<Void> attempt(long seq, NotifyMessage m, int n) {
        return post(seq, m, n, false).thenAccept(answer -> {
            boolean taken = m.wire() == null ? answer.status() >= 200 && answer.status() < 300
                    : m.wire().accepted(answer.status(), answer.body());
            if (taken) {
                deliveries.state(seq, Deliveries.State.DELIVERED);
                return;
            }
            OptionalLong wait = m.wire() == null ? RetrySchedule.waitMs(n, timeFactor) : m.wire().retryWaitMs(n, timeFactor);
            if (wait.isEmpty()) {
                deliveries.state(seq, Deliveries.State.FAILED);
                log.warn("notify {} {} gave up after {} attempts out_trade_no={}", m.eventType(), m.id(), n, m.outTradeNo());
                return;
            }
            schedule(() -> attempt(seq, m, n + 1), wait.getAsLong());
        });
    }

    /** The merchant's answer to one POST: status -1 when it did not answer in time. */
    private record Answer(int status, String body) {
    }

    /** One POST; completes with the answer (status -1 when the merchant did not answer in time). */
    private CompletableFuture<Answer> post(long seq, NotifyMessage m, int n, boolean probe) {
        long started = System.nanoTime();
        String at = Times.rfc3339(Instant.now());
        HttpRequest.Builder req;
        try {
            req = HttpRequest.newBuilder(URI.create(m.notifyUrl())).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString(m.body()));
        } catch (IllegalArgumentException e) {
            deliveries.attempt(seq, new Deliveries.Attempt(n, at, null, "bad notify_url: " + e.getMessage(), 0));
            return CompletableFuture.completedFuture(new Answer(-1, null));
        }
        Map<String, String> headers = m.wire() == null ? builder.headers(m.body(), probe) : m.wire().headers(m.body(), probe);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            req.header(h.getKey(), h.getValue());
        }
        return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString())
                .handle((resp, err) -> {
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    Integer status = resp == null ? null : resp.statusCode();
                    String error = err == null ? null : describe(err);
                    deliveries.attempt(seq, new Deliveries.Attempt(n, at, status, error, ms));
                    log.info("notify {} {} attempt={} status={} ms={} out_trade_no={} out_refund_no={}{}", m.eventType(),
                            m.id(), n, status, ms, m.outTradeNo(), m.outRefundNo(), error == null ? "" : " error=" + error);
                    return new Answer(status == null ? -1 : status, resp == null ? null : resp.body());
                });
    }

    private void schedule(Runnable r, long delayMs) {
        try {
            timer.schedule(r, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the simulator is stopping; the sandbox keeps no notify across restarts
        }
    }

    private String describe(Throwable err) {
        Throwable root = err;
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return "no answer within " + timeout.toMillis() + " ms";
            }
            root = t;
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        io.shutdownNow();
    }
}
