package looklook.pkg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import looklook.pkg.conf.DbConf;
import looklook.pkg.testing.TestInfra;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** A database that stops answering fails the call within {@code DB.SocketTimeout}, as "unavailable". */
class DataSourcesIT {
    @Test
    void aStatementTheServerDoesNotAnswer_failsAtTheSocketTimeout_asUnavailable() {
        MysqlDsn dsn = TestInfra.freshDatabase("looklook_store");
        try (HikariDataSource ds = DataSources.open(new DbConf(dsn.goDsn(), 2, 500L), "store-test", new SimpleMeterRegistry())) {
            Jdbi jdbi = DataSources.jdbi(ds);
            long t0 = System.nanoTime();
            // SLEEP stands in for a server that hangs: nothing comes back on the socket for 5 s
            assertThatThrownBy(() -> jdbi.withHandle(h -> h.createQuery("SELECT SLEEP(5)").mapTo(Integer.class).one()))
                    .satisfies(e -> assertThat(SqlErrors.isUnavailable(e)).as(e.toString()).isTrue());
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
            int one = jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            assertThat(one).as("the pool still serves").isEqualTo(1);
        } finally {
            DataSources.dropDatabase(dsn);
        }
    }

    @Test
    void aFailedStatement_namesItsSqlButNeverItsValues() {
        MysqlDsn dsn = TestInfra.freshDatabase("looklook_store");
        try (HikariDataSource ds = DataSources.open(new DbConf(dsn.goDsn(), 2, 5_000L), "store-test", new SimpleMeterRegistry())) {
            Jdbi jdbi = DataSources.jdbi(ds);
            assertThatThrownBy(() -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO no_such_table (mobile) VALUES (:mobile)")
                    .bind("mobile", "13812345678").execute()))
                    .satisfies(e -> assertThat(e.getMessage()).contains("INSERT INTO no_such_table").doesNotContain("13812345678"));
        } finally {
            DataSources.dropDatabase(dsn);
        }
    }
}
