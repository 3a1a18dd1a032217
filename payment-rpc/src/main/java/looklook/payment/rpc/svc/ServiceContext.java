package looklook.payment.rpc.svc;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import looklook.payment.rpc.config.PaymentRpcConfig;
import looklook.pkg.discovery.EtcdClients;
import looklook.pkg.ids.SnGenerator;
import looklook.pkg.ids.WorkerIdLease;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.ops.Metrics;
import looklook.pkg.outbox.OutboxRelay;
import looklook.pkg.wechat.WxPayClients;
import looklook.pkg.store.DataSources;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;

/** Everything payment-rpc's logic needs, wired by hand; it also runs the outbox relay. */
public final class ServiceContext implements AutoCloseable {
    private static final String WORKER_ID_NAMESPACE = "looklook/snowflake";
    private static final Duration RELAY_POLL = Duration.ofMillis(100);

    private final PaymentRpcConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry metrics;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Optional<WorkerIdLease> workerIdLease;
    private final SnGenerator sns;
    private final Producer<String, String> producer;
    private final OutboxRelay relay;
    private final WxPayClients wxPay;

    public ServiceContext(PaymentRpcConfig config) {
        this(config, Kafka.producer(config.kafkaConf(), config.name()));
    }

    /** {@code producer} publishes the outbox (tests pass one aimed at a dead broker); closed with this. */
    public ServiceContext(PaymentRpcConfig config, Producer<String, String> producer) {
        this.config = config;
        this.clock = Clock.systemUTC();
        this.producer = producer;
        this.metrics = Metrics.registry(config.name());
        this.wxPay = WxPayClients.create(config.wxPayConf());
        this.dataSource = DataSources.open(config.db(), config.name(), metrics);
        this.jdbi = DataSources.jdbi(dataSource);
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
            dataSource.close();
            producer.close();
            throw e;
        }
        this.relay = new OutboxRelay(jdbi, producer, null, RELAY_POLL, metrics).start();
    }

    public PaymentRpcConfig config() {
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

    /** Payment sns ({@code PMT} + 22 digits), unique across replicas. */
    public SnGenerator sns() {
        return sns;
    }

    /** WeChat Pay, built once: queries and closes for the close job and the reconcile tick. */
    public WxPayClients wxPay() {
        return wxPay;
    }

    /** Publishes committed outbox rows; wake it after committing one. */
    public OutboxRelay relay() {
        return relay;
    }

    @Override
    public void close() {
        relay.close();
        producer.close(Duration.ofSeconds(5));
        workerIdLease.ifPresent(WorkerIdLease::close);
        dataSource.close();
    }
}
