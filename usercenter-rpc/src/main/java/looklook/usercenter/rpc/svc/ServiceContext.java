package looklook.usercenter.rpc.svc;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.auth.RedisSessionRevocations;
import looklook.pkg.jobq.Redis;
import looklook.pkg.ops.Metrics;
import looklook.pkg.store.DataSources;
import looklook.usercenter.rpc.config.UsercenterRpcConfig;
import looklook.usercenter.rpc.model.SessionModel;
import looklook.usercenter.rpc.model.SmsCodeModel;
import looklook.usercenter.rpc.model.UserAuthModel;
import looklook.usercenter.rpc.model.UserModel;
import looklook.usercenter.rpc.sms.SmsSender;
import looklook.usercenter.rpc.sms.SmsSenders;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.JedisPooled;

/** Everything usercenter-rpc's logic needs, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private final UsercenterRpcConfig config;
    private final PrometheusMeterRegistry metrics;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final JedisPooled redis;
    private final RedisSessionRevocations revocations;
    private final JwtTokens tokens;
    private final Passwords passwords;
    private final SmsCodes smsCodes;
    private final Sessions sessions;

    public ServiceContext(UsercenterRpcConfig config) {
        this(config, SmsSenders.of(config.sms()));
    }

    /** With another SMS provider (tests pass one that fails). */
    public ServiceContext(UsercenterRpcConfig config, SmsSender sms) {
        Clock clock = Clock.systemUTC();
        this.config = config;
        this.metrics = Metrics.registry(config.name());
        this.dataSource = DataSources.open(config.db(), config.name(), metrics);
        this.jdbi = DataSources.jdbi(dataSource, UserModel.class, UserAuthModel.class, SessionModel.class, SmsCodeModel.class);
        this.redis = Redis.client(config.redis());
        this.revocations = new RedisSessionRevocations(redis, clock);
        this.tokens = new JwtTokens(config.jwtAuth(), clock, revocations);
        this.passwords = new Passwords(config.passwordCost());
        this.smsCodes = new SmsCodes(jdbi, sms, config.jwtAuth().accessSecret(), clock);
        this.sessions = new Sessions(jdbi, tokens, revocations, config.jwtAuth().refreshExpire(), clock);
    }

    public UsercenterRpcConfig config() {
        return config;
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

    public JedisPooled redis() {
        return redis;
    }

    public JwtTokens tokens() {
        return tokens;
    }

    public Passwords passwords() {
        return passwords;
    }

    public SmsCodes smsCodes() {
        return smsCodes;
    }

    public Sessions sessions() {
        return sessions;
    }

    @Override
    public void close() {
        revocations.close();
        redis.close();
        dataSource.close();
    }
}
