package looklook.pkg.ids;

import java.util.Optional;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.discovery.EtcdClients;

/**
 * A process's sn generator: with Etcd the worker id is leased there (two replicas never share one);
 * without it (a single process dialled directly, e.g. in tests) it is the configured WorkerId.
 */
public final class ProcessSns implements AutoCloseable {
    /** The etcd prefix every process leases its worker id under. */
    public static final String NAMESPACE = "looklook/snowflake";

    private final Optional<WorkerIdLease> lease;
    private final SnGenerator generator;

    private ProcessSns(Optional<WorkerIdLease> lease, SnGenerator generator) {
        this.lease = lease;
        this.generator = generator;
    }

    /** The config rule: WorkerId only without Etcd, and then 0..999; messages name the key. */
    public static void checkWorkerId(EtcdConf etcd, Integer workerId) {
        if (etcd != null && workerId != null) {
            throw new IllegalArgumentException("WorkerId: " + workerId
                    + " (expected no WorkerId with Etcd: the worker id is leased from etcd)");
        }
        if (etcd == null && (workerId == null || workerId < 0 || workerId > SnGenerator.MAX_WORKER)) {
            throw new IllegalArgumentException("WorkerId: " + workerId + " (expected 0.." + SnGenerator.MAX_WORKER
                    + " when Etcd is not set)");
        }
    }

    /** Leases a worker id from {@code etcd} (as {@code owner}), or uses {@code workerId} when there is no etcd. */
    public static ProcessSns open(EtcdConf etcd, Integer workerId, String owner) {
        checkWorkerId(etcd, workerId);
        if (etcd != null) {
            WorkerIdLease lease = WorkerIdLease.acquire(EtcdClients.get(etcd), NAMESPACE, owner);
            return new ProcessSns(Optional.of(lease), SnGenerator.of(lease));
        }
        int fixed = workerId;
        return new ProcessSns(Optional.empty(), new SnGenerator(() -> fixed, System::currentTimeMillis));
    }

    /** The generator. */
    public SnGenerator generator() {
        return generator;
    }

    /** Gives a leased worker id back at once. */
    @Override
    public void close() {
        lease.ifPresent(WorkerIdLease::close);
    }
}
