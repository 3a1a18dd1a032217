package looklook.pkg.ids;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker id (0..999) held in etcd under a kept-alive lease: {@code <namespace>/<id>} is created
 * only if absent, so two live processes never hold the same id. If renewals stop (etcd
 * unreachable), ids are refused before the lease can expire and be taken by another process,
 * and a new lease is sought.
 */
public final class WorkerIdLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerIdLease.class);
    private static final long TTL_SECONDS = 10;
    /** Stop handing out ids this long before the lease could expire. */
    private static final long SAFETY_MILLIS = 2_000;

    private final Client etcd;
    private final String namespace;
    private final String owner;
    private volatile int workerId = -1;
    private volatile long validUntil;
    private long leaseId;
    private AutoCloseable keepAlive;
    private volatile boolean closed;

    private WorkerIdLease(Client etcd, String namespace, String owner) {
        this.etcd = etcd;
        this.namespace = namespace;
        this.owner = owner;
    }

    /** Takes a free worker id under {@code namespace} (e.g. {@code looklook/snowflake}). */
    public static WorkerIdLease acquire(Client etcd, String namespace, String owner) {
        WorkerIdLease lease = new WorkerIdLease(etcd, namespace, owner);
        lease.take();
        return lease;
    }

    /** The id to stamp into sns; throws while the lease cannot be trusted. */
    public int workerId() {
        if (System.currentTimeMillis() > validUntil) {
            throw new IllegalStateException("worker id lease is not renewed (etcd unreachable?)");
        }
        return workerId;
    }

    private synchronized void take() {
        try {
            long started = System.currentTimeMillis();
            leaseId = etcd.getLeaseClient().grant(TTL_SECONDS).get(5, TimeUnit.SECONDS).getID();
            int start = ThreadLocalRandom.current().nextInt(SnGenerator.MAX_WORKER + 1);
            for (int i = 0; i <= SnGenerator.MAX_WORKER; i++) {
                int candidate = (start + i) % (SnGenerator.MAX_WORKER + 1);
                ByteSequence key = ByteSequence.from(namespace + "/" + candidate, StandardCharsets.UTF_8);
                boolean won = etcd.getKVClient().txn()
                        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                        .Then(Op.put(key, ByteSequence.from(owner, StandardCharsets.UTF_8),
                                PutOption.builder().withLeaseId(leaseId).build()))
                        .commit().get(5, TimeUnit.SECONDS).isSucceeded();
                if (won) {
                    workerId = candidate;
                    validUntil = started + TTL_SECONDS * 1000 - SAFETY_MILLIS;
                    keepAlive = etcd.getLeaseClient().keepAlive(leaseId, renewals(started));
                    log.info("worker id {} leased under {} (lease {})", candidate, namespace, leaseId);
                    return;
                }
            }
            throw new IllegalStateException("all " + (SnGenerator.MAX_WORKER + 1) + " worker ids under " + namespace + " are taken");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while leasing a worker id", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot lease a worker id under " + namespace + ": " + e.getMessage(), e);
        }
    }

    private StreamObserver<LeaseKeepAliveResponse> renewals(long sentAt) {
        return new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveResponse r) {
                if (r.getTTL() > 0) {
                    // counted from now, a little early: the renewal was sent before this answer arrived
                    validUntil = System.currentTimeMillis() + r.getTTL() * 1000 - SAFETY_MILLIS;
                } else {
                    retake();
                }
            }

            @Override
            public void onError(Throwable t) {
                log.warn("worker id {} lease renewal failed: {}", workerId, t.toString());
                retake();
            }

            @Override
            public void onCompleted() {
                retake();
            }
        };
    }

    private void retake() {
        if (closed) {
            return;
        }
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    closeKeepAlive();
                    take();
                    return;
                } catch (RuntimeException e) {
                    log.warn("worker id lease retry: {}", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }, "worker-id-retake");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void closeKeepAlive() {
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (Exception ignored) {
                // replacing it anyway
            }
            keepAlive = null;
        }
    }

    /** Gives the id back at once. */
    @Override
    public synchronized void close() {
        closed = true;
        validUntil = 0;
        closeKeepAlive();
        try {
            etcd.getLeaseClient().revoke(leaseId).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("worker id {} revoke failed; it frees itself within {}s", workerId, TTL_SECONDS);
        }
    }
}
