package looklook.usercenter.rpc.svc;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.ops.Metrics;
import looklook.pkg.store.DataSources;
import looklook.usercenter.rpc.config.UsercenterRpcConfig;
import org.jdbi.v3.core.Jdbi;

/** Everything usercenter-rpc's logic needs, wired by hand. */
public final class ServiceContext implements AutoCloseable {
    private final UsercenterRpcConfig config;
    private final PrometheusMeterRegistry metrics;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final JwtTokens tokens;
    private final Passwords passwords;

    public ServiceContext(UsercenterRpcConfig config) {
        this.config = config;
        this.metrics = Metrics.registry(config.name());
        this.dataSource = DataSources.open(config.db(), config.name(), metrics);
        this.jdbi = DataSources.jdbi(dataSource);
        this.tokens = new JwtTokens(config.jwtAuth(), Clock.systemUTC());
        this.passwords = new Passwords(config.passwordCost());
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

    public JwtTokens tokens() {
        return tokens;
    }

    public Passwords passwords() {
        return passwords;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
