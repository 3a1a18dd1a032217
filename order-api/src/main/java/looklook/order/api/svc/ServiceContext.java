package looklook.order.api.svc;

import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import looklook.order.api.config.OrderApiConfig;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.auth.RedisSessionRevocations;
import looklook.pkg.jobq.Redis;
import looklook.pkg.limit.RateLimits;
import looklook.pkg.ops.Metrics;
import looklook.pkg.rpc.RpcClients;
import redis.clients.jedis.JedisPooled;
import looklook.proto.order.orderGrpc;
import redis.clients.jedis.JedisPooled;

/** Everything order-api's logic needs, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private final OrderApiConfig config;
    private final PrometheusMeterRegistry metrics;
    private final JedisPooled redis;
    private final RedisSessionRevocations revocations;
    private final JwtTokens tokens;
    private final RateLimits rateLimits;
    private final ManagedChannel orderChannel;
    private final orderGrpc.orderBlockingStub orderRpc;

    public ServiceContext(OrderApiConfig config) {
        this.config = config;
        this.metrics = Metrics.registry(config.name());
        this.redis = Redis.client(config.redis());
        this.revocations = new RedisSessionRevocations(redis, Clock.systemUTC());
        this.tokens = new JwtTokens(config.jwtAuth(), Clock.systemUTC(), revocations);
        this.rateLimits = RateLimits.create(config.rateLimit(), redis);
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

    /** The shared Redis (rate limits, windows). */
    public JedisPooled redis() {
        return redis;
    }

    /** The rate limits the rest server applies per route. */
    public RateLimits rateLimits() {
        return rateLimits;
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
