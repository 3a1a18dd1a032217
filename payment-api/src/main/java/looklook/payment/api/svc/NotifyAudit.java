package looklook.payment.api.svc;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import looklook.payment.api.config.NotifyAuditConf;
import looklook.pkg.rpc.BizStatus;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.RecordWxPayNotifiesReq;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.paymentGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifies to payment-rpc for audit, off the request thread: WeChat waits at most 5 s for an
 * answer, and a slow or failed audit must never change that answer. What waits is bounded in bytes
 * (a count of entries would let a few large ones take the heap), and notifies that did not verify
 * pass a token bucket first, so forged ones cannot crowd out WeChat's own or fill the table.
 *
 * <p>One sender thread takes what arrived within {@link #LINGER} of the first waiting notify and
 * records it with one call (one statement at payment-rpc): under load that is one call and one commit
 * per batch instead of per notify, and an audit row lands at most that much later. A payment-rpc
 * older than the batch call, or one that refuses an entry of it, is sent the notifies one by one, so
 * a bad entry costs only its own row. The limit of entries per call is payment-rpc's; a lower one
 * there would make every batch go one by one, never lost.
 */
public final class NotifyAudit implements AutoCloseable {
    /** How long the first notify of a batch waits for others (Kafka's producer calls it linger too). */
    static final Duration LINGER = Duration.ofMillis(100);
    /** payment-rpc takes at most this many per call. */
    static final int MAX_BATCH = 100;
    /** Well under gRPC's 4 MiB message limit, whatever the notifies' sizes. */
    static final long MAX_BATCH_BYTES = 1L << 20;
    private static final Logger log = LoggerFactory.getLogger(NotifyAudit.class);
    private final paymentGrpc.paymentBlockingStub paymentRpc;
    private final long maxQueueBytes;
    private final Bucket refused;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Counter droppedQueue;
    private final Counter droppedRate;
    private final Counter droppedShutdown;
    // unbounded: queuedBytes is the bound, checked before each add
    private final LinkedBlockingDeque<RecordWxPayNotifyReq> queue = new LinkedBlockingDeque<>();
    private final Thread sender;
    private volatile boolean closing;

    public NotifyAudit(paymentGrpc.paymentBlockingStub paymentRpc, NotifyAuditConf conf, MeterRegistry metrics) {
        this.paymentRpc = paymentRpc;
        this.maxQueueBytes = conf.maxQueueBytes();
        this.refused = Bucket.builder().addLimit(Bandwidth.builder().capacity(conf.refusedPerMinute())
                .refillGreedy(conf.refusedPerMinute(), Duration.ofMinutes(1)).build()).build();
        this.droppedQueue = Counter.builder("notify.audit.dropped").tag("reason", "queue")
                .description("notifies not audited: the audit queue was full").register(metrics);
        this.droppedRate = Counter.builder("notify.audit.dropped").tag("reason", "refused_rate")
                .description("refused notifies not audited: over NotifyAudit.RefusedPerMinute").register(metrics);
        this.droppedShutdown = Counter.builder("notify.audit.dropped").tag("reason", "shutdown")
                .description("notifies not audited: the process stopped before payment-rpc took them").register(metrics);
        Gauge.builder("notify.audit.queued.bytes", queuedBytes, AtomicLong::get).register(metrics);
        this.sender = new Thread(this::sendLoop, "notify-audit");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Records {@code notify} in the background unless the queue is full or, for one that did not
     * verify, the refused budget is spent; true when it was queued. A failure is logged, never thrown.
     */
    public boolean record(RecordWxPayNotifyReq notify) {
        if (closing) {
            return false;
        }
        if (!notify.getVerified() && !refused.tryConsume(1)) {
            droppedRate.increment();
            return false;
        }
        long size = notify.getSerializedSize();
        if (queuedBytes.addAndGet(size) > maxQueueBytes) {
            queuedBytes.addAndGet(-size);
            droppedQueue.increment();
            return false;
        }
        queue.add(notify);
        if (closing && queue.remove(notify)) {
            // close() came between the check and the add: the sender may be gone already
            queuedBytes.addAndGet(-size);
            return false;
        }
        return true;
    }

    /** Bytes of notifies waiting to be recorded (the batch in flight included). */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    private void sendLoop() {
        List<RecordWxPayNotifyReq> batch = new ArrayList<>();
        try {
            while (!closing || !queue.isEmpty()) {
                boolean done = false;
                try {
                    gather(batch);
                    // a call cut short by close()'s interrupt is a drop at shutdown, not a failure of payment-rpc
                    done = send(batch) || !Thread.currentThread().isInterrupted();
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable e) {
                    // the thread must outlive any one batch: a dead sender would let the queue fill and drop every audit
                    log.error("notify audit: {} notifies lost to an unexpected failure, going on", batch.size(), e);
                    done = true;
                } finally {
                    forget(batch, done ? null : droppedShutdown);
                }
            }
        } finally {
            List<RecordWxPayNotifyReq> left = new ArrayList<>();
            queue.drainTo(left);
            forget(left, droppedShutdown);
        }
    }

    /** Waits for a first notify, then takes what arrives within {@link #LINGER} of it, up to a call's bounds. */
    private void gather(List<RecordWxPayNotifyReq> batch) throws InterruptedException {
        RecordWxPayNotifyReq first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        batch.add(first);
        long bytes = first.getSerializedSize();
        long until = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < MAX_BATCH) {
            long left = closing ? 0 : until - System.nanoTime();
            RecordWxPayNotifyReq more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (more == null) {
                return;
            }
            if (bytes + more.getSerializedSize() > MAX_BATCH_BYTES) {
                queue.addFirst(more);
                return;
            }
            batch.add(more);
            bytes += more.getSerializedSize();
        }
    }

    /** Sends {@code batch}; false when the batch call failed (it is not sent again: an audit is best effort). */
    private boolean send(List<RecordWxPayNotifyReq> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        try {
            paymentRpc.recordWxPayNotifies(RecordWxPayNotifiesReq.newBuilder().addAllNotifies(batch).build());
            return true;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNIMPLEMENTED || code == Status.Code.INVALID_ARGUMENT) {
                // a payment-rpc older than the batch call, or one entry it refuses: one by one, so only that one is lost
                batch.forEach(this::sendOne);
                return true;
            }
            log.warn("{} notifies (the first {} for payment {}) not recorded: {}", batch.size(), batch.get(0).getNotifyId(),
                    batch.get(0).getPaymentSn(), BizStatus.fromStatus(e).getMessage());
            return false;
        }
    }

    /** Takes {@code notifies} off the byte count, counted as dropped by {@code why} unless it is null; empties the list. */
    private void forget(List<RecordWxPayNotifyReq> notifies, Counter why) {
        long bytes = notifies.stream().mapToLong(RecordWxPayNotifyReq::getSerializedSize).sum();
        queuedBytes.addAndGet(-bytes);
        if (why != null && !notifies.isEmpty()) {
            why.increment(notifies.size());
            log.warn("notify audit: {} notifies not recorded, the process is stopping", notifies.size());
        }
        notifies.clear();
    }

    private void sendOne(RecordWxPayNotifyReq notify) {
        try {
            RpcCalls.call(() -> paymentRpc.recordWxPayNotify(notify));
        } catch (RuntimeException e) {
            log.warn("notify {} for payment {} ({}) not recorded: {}", notify.getNotifyId(), notify.getPaymentSn(),
                    notify.getOutcome(), e.getMessage());
        }
    }

    /** Takes no more and sends what waits, for five seconds at most; the rest is counted in {@code dropped{reason=shutdown}}. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        sender.join(TimeUnit.SECONDS.toMillis(5));
        // a payment-rpc that does not answer: cancel the call, and what is left is counted as dropped
        sender.interrupt();
        sender.join(TimeUnit.SECONDS.toMillis(1));
    }
}
