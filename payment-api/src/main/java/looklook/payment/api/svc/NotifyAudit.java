package looklook.payment.api.svc;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import looklook.payment.api.config.NotifyAuditConf;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.paymentGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifies to payment-rpc for audit, off the request thread: WeChat waits at most 5 s for an
 * answer, and a slow or failed audit must never change that answer. What waits is bounded in bytes
 * (a count of entries would let a few large ones take the heap), and notifies that did not verify
 * pass a token bucket first, so forged ones cannot crowd out WeChat's own or fill the table.
 */
public final class NotifyAudit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifyAudit.class);
    private final paymentGrpc.paymentBlockingStub paymentRpc;
    private final long maxQueueBytes;
    private final Bucket refused;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Counter droppedQueue;
    private final Counter droppedRate;
    // the queue itself is unbounded: queuedBytes is the bound, checked before each add
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "notify-audit");
                t.setDaemon(true);
                return t;
            });

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
    }

    /**
     * Records {@code notify} in the background unless the queue is full or, for one that did not
     * verify, the refused budget is spent; true when it was queued. A failure is logged, never thrown.
     */
    public boolean record(RecordWxPayNotifyReq notify) {
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
        try {
            pool.execute(() -> {
                try {
                    RpcCalls.call(() -> paymentRpc.recordWxPayNotify(notify));
                } catch (RuntimeException e) {
                    log.warn("notify {} for payment {} ({}) not recorded: {}", notify.getNotifyId(), notify.getPaymentSn(),
                            notify.getOutcome(), e.getMessage());
                } finally {
                    queuedBytes.addAndGet(-size);
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            queuedBytes.addAndGet(-size);
            return false;
        }
    }

    /** Bytes of notifies waiting to be recorded. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** Lets queued records finish for a few seconds. */
    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
