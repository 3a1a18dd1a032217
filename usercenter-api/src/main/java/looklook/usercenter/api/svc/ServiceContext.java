package looklook.usercenter.api.svc;

import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.auth.RedisSessionRevocations;
import looklook.pkg.jobq.Redis;
import looklook.pkg.limit.RateLimits;
import looklook.pkg.ops.Metrics;
import looklook.pkg.rpc.RpcClients;
import looklook.pkg.wechat.WxMiniClient;
import looklook.proto.usercenter.usercenterGrpc;
import looklook.usercenter.api.config.UsercenterApiConfig;
import redis.clients.jedis.JedisPooled;

/** Everything usercenter-api's logic needs, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private final UsercenterApiConfig config;
    private final PrometheusMeterRegistry metrics;
    private final JedisPooled redis;
    private final RedisSessionRevocations revocations;
    private final JwtTokens tokens;
    private final RateLimits rateLimits;
    private final ManagedChannel usercenterChannel;
    private final usercenterGrpc.usercenterBlockingStub usercenterRpc;
    private final WxMiniClient wxMini;

    public ServiceContext(UsercenterApiConfig config) {
        this.config = config;
        this.metrics = Metrics.registry(config.name());
        this.redis = Redis.client(config.redis());
        this.revocations = new RedisSessionRevocations(redis, Clock.systemUTC());
        this.tokens = new JwtTokens(config.jwtAuth(), Clock.systemUTC(), revocations);
        this.rateLimits = RateLimits.create(config.rateLimit(), redis);
        this.usercenterChannel = RpcClients.channel(config.usercenterRpcConf(), metrics);
        this.usercenterRpc = usercenterGrpc.newBlockingStub(usercenterChannel);
        this.wxMini = new WxMiniClient(config.wxMiniConf());
    }

    public UsercenterApiConfig config() {
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

    public ManagedChannel usercenterChannel() {
        return usercenterChannel;
    }

    public usercenterGrpc.usercenterBlockingStub usercenterRpc() {
        return usercenterRpc;
    }

    public WxMiniClient wxMini() {
        return wxMini;
    }

    @Override
    public void close() throws InterruptedException {
        redis.close();
        usercenterChannel.shutdown().awaitTermination(2, TimeUnit.SECONDS);
        revocations.close();
    }
}
