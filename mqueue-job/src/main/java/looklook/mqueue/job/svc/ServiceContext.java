package looklook.mqueue.job.svc;

import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import looklook.mqueue.job.config.MqueueJobConfig;
import looklook.pkg.jobq.Redis;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.ops.Metrics;
import looklook.pkg.rpc.RpcClients;
import looklook.proto.order.orderGrpc;
import looklook.proto.payment.paymentGrpc;
import looklook.proto.usercenter.usercenterGrpc;
import org.apache.kafka.clients.producer.Producer;
import redis.clients.jedis.JedisPooled;

/** Everything mqueue-job's handlers and scheduler need, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private final MqueueJobConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry metrics;
    private final JedisPooled redis;
    private final Producer<String, String> producer;
    private final ManagedChannel orderChannel;
    private final ManagedChannel paymentChannel;
    private final ManagedChannel usercenterChannel;
    private final orderGrpc.orderBlockingStub orderRpc;
    private final paymentGrpc.paymentBlockingStub paymentRpc;
    private final usercenterGrpc.usercenterBlockingStub usercenterRpc;

    public ServiceContext(MqueueJobConfig config) {
        this.config = config;
        this.clock = Clock.systemUTC();
        this.metrics = Metrics.registry(config.name());
        this.redis = Redis.client(config.redis());
        this.producer = Kafka.producer(config.kafkaConf(), config.name());
        this.orderChannel = RpcClients.channel(config.orderRpcConf(), metrics);
        this.paymentChannel = RpcClients.channel(config.paymentRpcConf(), metrics);
        this.usercenterChannel = RpcClients.channel(config.usercenterRpcConf(), metrics);
        this.orderRpc = orderGrpc.newBlockingStub(orderChannel);
        this.paymentRpc = paymentGrpc.newBlockingStub(paymentChannel);
        this.usercenterRpc = usercenterGrpc.newBlockingStub(usercenterChannel);
    }

    public MqueueJobConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The job queue's and the scheduler's Redis. */
    public JedisPooled redis() {
        return redis;
    }

    /** Idempotent, acks=all: a send acknowledged is a record kept. */
    public Producer<String, String> producer() {
        return producer;
    }

    public ManagedChannel orderChannel() {
        return orderChannel;
    }

    public ManagedChannel paymentChannel() {
        return paymentChannel;
    }

    public ManagedChannel usercenterChannel() {
        return usercenterChannel;
    }

    public orderGrpc.orderBlockingStub orderRpc() {
        return orderRpc;
    }

    public paymentGrpc.paymentBlockingStub paymentRpc() {
        return paymentRpc;
    }

    public usercenterGrpc.usercenterBlockingStub usercenterRpc() {
        return usercenterRpc;
    }

    @Override
    public void close() throws InterruptedException {
        producer.close(Duration.ofSeconds(5));
        for (ManagedChannel c : new ManagedChannel[] {orderChannel, paymentChannel, usercenterChannel}) {
            c.shutdown().awaitTermination(2, TimeUnit.SECONDS);
        }
        redis.close();
    }
}
