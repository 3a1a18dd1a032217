package looklook.payment.api.svc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.paymentGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every raw notify to payment-rpc for audit, off the request thread: WeChat waits at most
 * 5 s for an answer, and a slow or failed audit must never change that answer.
 */
public final class NotifyAudit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifyAudit.class);
    private final paymentGrpc.paymentBlockingStub paymentRpc;
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
            r -> {
                Thread t = new Thread(r, "notify-audit");
                t.setDaemon(true);
                return t;
            },
            (r, p) -> log.warn("notify audit queue full: a notify was not recorded"));

    public NotifyAudit(paymentGrpc.paymentBlockingStub paymentRpc) {
        this.paymentRpc = paymentRpc;
    }

    /** Records {@code notify} in the background; a failure is logged, never thrown. */
    public void record(RecordWxPayNotifyReq notify) {
        pool.execute(() -> {
            try {
                RpcCalls.call(() -> paymentRpc.recordWxPayNotify(notify));
            } catch (RuntimeException e) {
                log.warn("notify {} for payment {} ({}) not recorded: {}", notify.getNotifyId(), notify.getPaymentSn(),
                        notify.getOutcome(), e.getMessage());
            }
        });
    }

    /** Lets queued records finish for a few seconds. */
    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
