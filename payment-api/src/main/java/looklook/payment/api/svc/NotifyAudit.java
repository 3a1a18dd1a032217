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
import java.util.concurrent.LinkedBlockingQueue;
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
 * older than the batch call is sent the notifies one by one.
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
    // unbounded: queuedBytes is the bound, checked before each add
    private final LinkedBlockingQueue<RecordWxPayNotifyReq> queue = new LinkedBlockingQueue<>();
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
        return true;
    }

    /** Bytes of notifies waiting to be recorded (the batch in flight included). */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    private void sendLoop() {
        RecordWxPayNotifyReq next = null;
        while (true) {
            try {
                RecordWxPayNotifyReq first = next != null ? next : queue.poll(200, TimeUnit.MILLISECONDS);
                next = null;
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                List<RecordWxPayNotifyReq> batch = new ArrayList<>();
                batch.add(first);
                long bytes = first.getSerializedSize();
                long until = System.nanoTime() + LINGER.toNanos();
                while (batch.size() < MAX_BATCH) {
                    long left = closing ? 0 : until - System.nanoTime();
                    RecordWxPayNotifyReq more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (more == null) {
                        break;
                    }
                    if (bytes + more.getSerializedSize() > MAX_BATCH_BYTES) {
                        next = more;
                        break;
                    }
                    batch.add(more);
                    bytes += more.getSerializedSize();
                }
                send(batch, bytes);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("notify audit: unexpected failure, going on", e);
            }
        }
    }

    private void send(List<RecordWxPayNotifyReq> batch, long bytes) {
        try {
            paymentRpc.recordWxPayNotifies(RecordWxPayNotifiesReq.newBuilder().addAllNotifies(batch).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                // a payment-rpc older than the batch call: one by one, as before it
                batch.forEach(this::sendOne);
            } else {
                log.warn("{} notifies (the first {} for payment {}) not recorded: {}", batch.size(), batch.get(0).getNotifyId(),
                        batch.get(0).getPaymentSn(), BizStatus.fromStatus(e).getMessage());
            }
        } finally {
            queuedBytes.addAndGet(-bytes);
        }
    }

    private void sendOne(RecordWxPayNotifyReq notify) {
        try {
            RpcCalls.call(() -> paymentRpc.recordWxPayNotify(notify));
        } catch (RuntimeException e) {
            log.warn("notify {} for payment {} ({}) not recorded: {}", notify.getNotifyId(), notify.getPaymentSn(),
                    notify.getOutcome(), e.getMessage());
        }
    }

    /** Takes no more and sends what waits, for a few seconds at most. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        sender.join(TimeUnit.SECONDS.toMillis(5));
        sender.interrupt();
    }
}
