package looklook.order.api.svc;

import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import looklook.order.api.config.OrderApiConfig;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.auth.RedisSessionRevocations;
import looklook.pkg.jobq.Redis;
import looklook.pkg.ops.Metrics;
import looklook.pkg.rpc.RpcClients;
import redis.clients.jedis.JedisPooled;
import looklook.proto.order.orderGrpc;

/** Everything order-api's logic needs, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private final OrderApiConfig config;
    private final PrometheusMeterRegistry metrics;
    private final JedisPooled redis;
    private final RedisSessionRevocations revocations;
    private final JwtTokens tokens;
    private final ManagedChannel orderChannel;
    private final orderGrpc.orderBlockingStub orderRpc;

    public ServiceContext(OrderApiConfig config) {
        this.config = config;
        this.metrics = Metrics.registry(config.name());
        this.redis = Redis.client(config.redis());
        this.revocations = new RedisSessionRevocations(redis, Clock.systemUTC());
        this.tokens = new JwtTokens(config.jwtAuth(), Clock.systemUTC(), revocations);
        this.orderChannel = RpcClients.channel(config.orderRpcConf(), metrics);
        this.orderRpc = orderGrpc.newBlockingStub(orderChannel);
    }

    public OrderApiConfig config() {
        return config;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public JwtTokens tokens() {
        return tokens;
    }

    public ManagedChannel orderChannel() {
        return orderChannel;
    }

    public orderGrpc.orderBlockingStub orderRpc() {
        return orderRpc;
    }

    @Override
    public void close() {
        revocations.close();
        redis.close();
        orderChannel.shutdown();
        try {
            orderChannel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
