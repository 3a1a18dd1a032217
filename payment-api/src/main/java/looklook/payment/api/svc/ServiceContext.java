package looklook.payment.api.svc;

import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import com.alipay.api.AlipayClient;
import looklook.payment.api.config.PaymentApiConfig;
import looklook.pkg.alipay.AlipayClients;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.auth.RedisSessionRevocations;
import looklook.pkg.jobq.Redis;
import looklook.pkg.limit.OncePer;
import looklook.pkg.limit.RateLimits;
import looklook.pkg.ops.Metrics;
import looklook.pkg.rpc.RpcClients;
import redis.clients.jedis.JedisPooled;
import looklook.pkg.wechat.WxPayClients;
import looklook.proto.order.orderGrpc;
import looklook.proto.payment.paymentGrpc;
import looklook.proto.usercenter.usercenterGrpc;
import redis.clients.jedis.JedisPooled;

/** Everything payment-api's logic needs, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private final PaymentApiConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry metrics;
    private final JedisPooled redis;
    private final RedisSessionRevocations revocations;
    private final JwtTokens tokens;
    private final RateLimits rateLimits;
    private final OncePer providerQueries;
    private final ManagedChannel orderChannel;
    private final ManagedChannel paymentChannel;
    private final ManagedChannel usercenterChannel;
    private final orderGrpc.orderBlockingStub orderRpc;
    private final paymentGrpc.paymentBlockingStub paymentRpc;
    private final usercenterGrpc.usercenterBlockingStub usercenterRpc;
    private final WxPayClients wxPay;
    private final AlipayClient alipay;
    private final String alipayPublicKey;
    private final NotifyAudit notifyAudit;

    public ServiceContext(PaymentApiConfig config) {
        this.config = config;
        this.clock = Clock.systemUTC();
        this.metrics = Metrics.registry(config.name());
        this.redis = Redis.client(config.redis());
        this.revocations = new RedisSessionRevocations(redis, clock);
        this.tokens = new JwtTokens(config.jwtAuth(), clock, revocations);
        // first, so that unreadable key files fail the start before any channel is open
        this.wxPay = WxPayClients.create(config.wxPayConf());
        boolean alipayOffered = config.alipayConf() != null && config.alipayConf().offered();
        this.alipay = alipayOffered ? AlipayClients.create(config.alipayConf()) : null;
        this.alipayPublicKey = alipayOffered ? AlipayClients.alipayPublicKey(config.alipayConf()) : null;
        this.rateLimits = RateLimits.create(config.rateLimit(), redis);
        this.providerQueries = new OncePer(redis, "wxquery:", Duration.ofMillis(config.queryWaitingPaymentEvery()));
        this.orderChannel = RpcClients.channel(config.orderRpcConf(), metrics);
        this.paymentChannel = RpcClients.channel(config.paymentRpcConf(), metrics);
        this.usercenterChannel = RpcClients.channel(config.usercenterRpcConf(), metrics);
        this.orderRpc = orderGrpc.newBlockingStub(orderChannel);
        this.paymentRpc = paymentGrpc.newBlockingStub(paymentChannel);
        this.usercenterRpc = usercenterGrpc.newBlockingStub(usercenterChannel);
        this.notifyAudit = new NotifyAudit(paymentRpc, config.notifyAudit(), metrics);
    }

    public PaymentApiConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
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

    /** One provider query per payment per window (WeChat's order query, Alipay's through payment-rpc), across every poller and replica. */
    public OncePer providerQueries() {
        return providerQueries;
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

    /** The official WeChat Pay SDK: prepay, query, notify parsing. */
    public WxPayClients wxPay() {
        return wxPay;
    }

    /** The official Alipay SDK client: the precreate (payment-rpc asks Alipay everything else). */
    public AlipayClient alipay() {
        if (alipay == null) {
            throw new BizException(ErrorCode.PAY_MODE_NOT_OFFERED, "Alipay is not configured here (AlipayConf.AppId empty)");
        }
        return alipay;
    }

    /** Alipay's public key as the SDK takes it: verifies the async notifies. */
    /** True when AlipayConf names an application: the Alipay routes work. */
    public boolean alipayOffered() {
        return alipay != null;
    }

    public String alipayPublicKey() {
        if (alipayPublicKey == null) {
            throw new BizException(ErrorCode.PAY_MODE_NOT_OFFERED, "Alipay is not configured here (AlipayConf.AppId empty)");
        }
        return alipayPublicKey;
    }

    public NotifyAudit notifyAudit() {
        return notifyAudit;
    }

    @Override
    public void close() throws InterruptedException {
        notifyAudit.close();
        for (ManagedChannel c : new ManagedChannel[] {orderChannel, paymentChannel, usercenterChannel}) {
            c.shutdown().awaitTermination(2, TimeUnit.SECONDS);
        }
        revocations.close();
        redis.close();
    }
}
