package looklook.order.mq.svc;

import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import looklook.order.mq.config.OrderMqConfig;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.Redis;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.ops.Metrics;
import looklook.pkg.rpc.RpcClients;
import looklook.proto.order.orderGrpc;
import looklook.proto.payment.paymentGrpc;
import org.apache.kafka.clients.producer.Producer;
import redis.clients.jedis.JedisPooled;

/** Everything order-mq's consumers need, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private final OrderMqConfig config;
    private final PrometheusMeterRegistry metrics;
    private final JedisPooled redis;
    private final JobClient jobs;
    private final ManagedChannel orderChannel;
    private final orderGrpc.orderBlockingStub orderRpc;
    private final Producer<String, String> dlqProducer;
    private final ManagedChannel paymentChannel;
    private final paymentGrpc.paymentBlockingStub paymentRpc;

    public ServiceContext(OrderMqConfig config) {
        this.config = config;
        this.metrics = Metrics.registry(config.name());
        this.redis = Redis.client(config.redis());
        this.jobs = new JobClient(redis, config.jobNamespace());
        this.orderChannel = RpcClients.channel(config.orderRpcConf(), metrics);
        this.orderRpc = orderGrpc.newBlockingStub(orderChannel);
        this.dlqProducer = Kafka.producer(config.kafkaConf(), config.name() + "-dlq");
        this.paymentChannel = RpcClients.channel(config.paymentRpcConf(), metrics);
        this.paymentRpc = paymentGrpc.newBlockingStub(paymentChannel);
    }

    /** Refunds a payment that arrived for an order already cancelled. */
    public paymentGrpc.paymentBlockingStub paymentRpc() {
        return paymentRpc;
    }

    public OrderMqConfig config() {
        return config;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The job queue's Redis (also probed by /healthz). */
    public JedisPooled redis() {
        return redis;
    }

    /** Enqueues the notify-user jobs. */
    public JobClient jobs() {
        return jobs;
    }

    public ManagedChannel orderChannel() {
        return orderChannel;
    }

    public orderGrpc.orderBlockingStub orderRpc() {
        return orderRpc;
    }

    /** Publishes dead letters; an idempotent producer, so a retried send is kept once. */
    public Producer<String, String> dlqProducer() {
        return dlqProducer;
    }

    @Override
    public void close() {
        dlqProducer.close();
        paymentChannel.shutdown();
        orderChannel.shutdown();
        try {
            orderChannel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
    }
}
