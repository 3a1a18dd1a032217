package looklook.order.mq.svc;

import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import looklook.order.mq.config.OrderMqConfig;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.ops.Metrics;
import looklook.pkg.rpc.RpcClients;
import looklook.proto.order.orderGrpc;
import looklook.proto.payment.paymentGrpc;
import org.apache.kafka.clients.producer.Producer;

/** Everything order-mq's consumers need, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private final OrderMqConfig config;
    private final PrometheusMeterRegistry metrics;
    private final ManagedChannel orderChannel;
    private final orderGrpc.orderBlockingStub orderRpc;
    private final Producer<String, String> dlqProducer;
    private final ManagedChannel paymentChannel;
    private final paymentGrpc.paymentBlockingStub paymentRpc;

    public ServiceContext(OrderMqConfig config) {
        this.config = config;
        this.metrics = Metrics.registry(config.name());
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
    }
}
