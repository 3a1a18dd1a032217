package looklook.message.mq.svc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import looklook.message.mq.config.MessageMqConfig;
import looklook.message.mq.model.DeliveryMarks;
import looklook.message.mq.model.Outcome;
import looklook.pkg.jobq.Redis;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.ops.HealthCheck;
import looklook.pkg.ops.Metrics;
import looklook.pkg.wechat.WxMiniClient;
import looklook.pkg.wechat.WxMiniConf;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.Producer;
import redis.clients.jedis.JedisPooled;

/** Everything message-mq's logic needs, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private static final int HEALTH_TIMEOUT_MS = 1_000;

    private final MessageMqConfig config;
    private final PrometheusMeterRegistry metrics;
    private final JedisPooled redis;
    private final DeliveryMarks marks;
    private final WxMiniClient wxMini;
    private final Producer<String, String> producer;
    private final Admin admin;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    public ServiceContext(MessageMqConfig config) {
        this.config = config;
        this.metrics = Metrics.registry(config.name());
        this.redis = Redis.client(config.redis());
        this.marks = new DeliveryMarks(redis, config.keyPrefix(), claimTtl(config.wxMiniConf()));
        this.wxMini = new WxMiniClient(config.wxMiniConf());
        try {
            this.producer = Kafka.producer(config.kafkaConf(), config.name());
            this.admin = Admin.create(adminProps(config));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        for (Outcome o : Outcome.values()) {
            // registered up front so a scrape shows every outcome, zeros included
            outcomes.put(o, Counter.builder("message.mq.messages").description("subscribe messages by outcome")
                    .tag("outcome", o.code()).register(metrics));
        }
    }

    /**
     * One send makes at most four WeChat calls (token, send, and again after a 40001), each bounded by
     * the timeout; the claim must outlive them, or a second replica could start the same send.
     */
    private static Duration claimTtl(WxMiniConf wx) {
        return Duration.ofMillis(4 * wx.timeout()).plusSeconds(5);
    }

    private static Properties adminProps(MessageMqConfig c) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", c.kafkaConf().brokers()));
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, c.name() + "-health");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, HEALTH_TIMEOUT_MS);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, HEALTH_TIMEOUT_MS);
        return p;
    }

    public MessageMqConfig config() {
        return config;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public JedisPooled redis() {
        return redis;
    }

    /** The dedupe marks: claim, done, release. */
    public DeliveryMarks marks() {
        return marks;
    }

    /** The mini-program API with its cached access token. */
    public WxMiniClient wxMini() {
        return wxMini;
    }

    /** Publishes dead letters. */
    public Producer<String, String> producer() {
        return producer;
    }

    /** The counter of {@code outcome}. */
    public Counter outcome(Outcome outcome) {
        return outcomes.get(outcome);
    }

    /** Kafka answers a cluster description (one request to a broker; the consumer's own state is not consulted). */
    public HealthCheck kafkaCheck() {
        return () -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(HEALTH_TIMEOUT_MS)).nodes()
                .get(HEALTH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
        producer.close(Duration.ofSeconds(5));
        redis.close();
    }
}
