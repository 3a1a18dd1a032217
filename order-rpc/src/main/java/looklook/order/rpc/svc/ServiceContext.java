package looklook.order.rpc.svc;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import looklook.order.rpc.config.OrderRpcConfig;
import looklook.pkg.discovery.EtcdClients;
import looklook.pkg.ids.SnGenerator;
import looklook.pkg.ids.WorkerIdLease;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.Redis;
import looklook.pkg.ops.Metrics;
import looklook.pkg.outbox.OutboxRelay;
import looklook.pkg.store.DataSources;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.JedisPooled;

/** Everything order-rpc's logic needs, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private static final String WORKER_ID_NAMESPACE = "looklook/snowflake";

    private final OrderRpcConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry metrics;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Optional<WorkerIdLease> workerIdLease;
    private final SnGenerator sns;
    private final TradeCodes tradeCodes;
    private final JedisPooled redis;
    private final OutboxRelay outboxRelay;

    public ServiceContext(OrderRpcConfig config) {
        this(config, Clock.systemUTC());
    }

    /** {@code clock} decides what "today" is for stay dates and when close jobs are due. */
    public ServiceContext(OrderRpcConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.metrics = Metrics.registry(config.name());
        this.dataSource = DataSources.open(config.db(), config.name(), metrics);
        this.jdbi = DataSources.jdbi(dataSource);
        this.tradeCodes = new TradeCodes();
        this.redis = Redis.client(config.redis());
        // close jobs leave through the outbox; the relay is started by the process, stopped in close()
        this.outboxRelay = new OutboxRelay(jdbi, null, new JobClient(redis, config.jobNamespace()),
                Duration.ofMillis(200), metrics);
        try {
            if (config.etcd() != null) {
                WorkerIdLease lease = WorkerIdLease.acquire(EtcdClients.get(config.etcd().hosts()), WORKER_ID_NAMESPACE, config.name());
                this.workerIdLease = Optional.of(lease);
                this.sns = SnGenerator.of(lease);
            } else {
                int workerId = config.workerId();
                this.workerIdLease = Optional.empty();
                this.sns = new SnGenerator(() -> workerId, System::currentTimeMillis);
            }
        } catch (RuntimeException e) {
            redis.close();
            dataSource.close();
            throw e;
        }
    }

    public OrderRpcConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Order sns ({@code HSO} + 22 digits), unique across replicas. */
    public SnGenerator sns() {
        return sns;
    }

    public TradeCodes tradeCodes() {
        return tradeCodes;
    }

    /** Publishes committed outbox rows (the close jobs) to the Redis job queue. */
    public OutboxRelay outboxRelay() {
        return outboxRelay;
    }

    /** The job queue's Redis (also probed by /healthz). */
    public JedisPooled redis() {
        return redis;
    }

    @Override
    public void close() {
        outboxRelay.close();
        workerIdLease.ifPresent(WorkerIdLease::close);
        redis.close();
        dataSource.close();
    }
}
