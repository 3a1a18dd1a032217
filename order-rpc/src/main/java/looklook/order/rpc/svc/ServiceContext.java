package looklook.order.rpc.svc;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import looklook.order.rpc.config.OrderRpcConfig;
import looklook.order.rpc.model.HomestayModel;
import looklook.order.rpc.model.HomestayOrderModel;
import looklook.order.rpc.model.UserOrderLockModel;
import looklook.pkg.ids.ProcessSns;
import looklook.pkg.ids.SnGenerator;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.Redis;
import looklook.pkg.ops.Metrics;
import looklook.pkg.outbox.OutboxRelay;
import looklook.pkg.store.DataSources;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.JedisPooled;

/** Everything order-rpc's logic needs, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private static final Duration RELAY_POLL = Duration.ofSeconds(1);

    private final OrderRpcConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry metrics;
    private final HikariDataSource dataSource;
    private final HikariDataSource relayDataSource;
    private final Jdbi jdbi;
    private final ProcessSns sns;
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
        this.jdbi = DataSources.jdbi(dataSource, HomestayModel.class, HomestayOrderModel.class, UserOrderLockModel.class);
        this.tradeCodes = new TradeCodes();
        this.redis = Redis.client(config.redis());
        // close jobs leave through the outbox; the relay is started by the process, stopped in close().
        // Every commit of an outbox row hands the row to it, so its poll only paces the sweep (a row whose
        // retry came due, a lost hand-off, one another replica left); its own connection stays at READ COMMITTED
        this.relayDataSource = DataSources.openReadCommitted(config.db(), config.name() + "-outbox", metrics);
        this.outboxRelay = new OutboxRelay(DataSources.jdbi(relayDataSource), null, new JobClient(redis, config.jobNamespace()),
                RELAY_POLL, metrics);
        try {
            this.sns = ProcessSns.open(config.etcd(), config.workerId(), config.name());
        } catch (RuntimeException e) {
            redis.close();
            relayDataSource.close();
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
        return sns.generator();
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
        sns.close();
        redis.close();
        relayDataSource.close();
        dataSource.close();
    }
}
