package looklook.pkg.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import looklook.pkg.conf.DbConf;
import looklook.pkg.testing.TestInfra;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link ReadCommitted} transaction sees what others commit while it runs (REPEATABLE READ would
 * not), and leaves the session at its own level for the transactions after it; the relay's pool is
 * at READ COMMITTED for good.
 */
class ReadCommittedIT {
    private static MysqlDsn dsn;
    private static HikariDataSource ds;
    private static HikariDataSource other;
    private static Jdbi jdbi;
    private static Jdbi writer;

    @BeforeAll
    static void start() {
        dsn = TestInfra.freshDatabase("looklook_store");
        // one connection, so every transaction below runs on the session the one before left
        ds = DataSources.open(new DbConf(dsn.goDsn(), 1), "rc-test", new SimpleMeterRegistry());
        other = DataSources.open(new DbConf(dsn.goDsn(), 1), "rc-writer", new SimpleMeterRegistry());
        jdbi = DataSources.jdbi(ds);
        writer = DataSources.jdbi(other);
        jdbi.useHandle(h -> h.execute("CREATE TABLE item (id BIGINT AUTO_INCREMENT PRIMARY KEY) ENGINE = InnoDB"));
    }

    @AfterAll
    static void stop() {
        other.close();
        ds.close();
        DataSources.dropDatabase(dsn);
    }

    /** Counts the rows, lets another connection commit one more, counts again: the second count minus the first. */
    private static long seenDuring(Handle h) {
        long before = count(h);
        writer.useHandle(w -> w.execute("INSERT INTO item () VALUES ()"));
        return count(h) - before;
    }

    /** The session's level as the server has it (not the driver's idea of it). */
    private static String level(Jdbi j) {
        return j.withHandle(h -> h.createQuery("SELECT @@session.tx_isolation").mapTo(String.class).one());
    }

    private static long count(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM item").mapTo(Long.class).one();
    }

    @Test
    void inTransaction_seesRowsCommittedMeanwhile_andTheNextTransactionIsBackAtTheSessionLevel() {
        String sessionLevel = level(jdbi);
        assertThat(jdbi.inTransaction(ReadCommittedIT::seenDuring)).as("a plain transaction (REPEATABLE READ)").isZero();

        assertThat(ReadCommitted.inTransaction(jdbi, ReadCommittedIT::seenDuring)).isEqualTo(1);

        assertThat(jdbi.inTransaction(ReadCommittedIT::seenDuring)).as("the next transaction on the same connection").isZero();
        assertThat(level(jdbi)).isEqualTo(sessionLevel);
    }

    @Test
    void openReadCommitted_sessionsAreAtReadCommitted() {
        try (HikariDataSource rc = DataSources.openReadCommitted(new DbConf(dsn.goDsn(), 10), "rc-pool", new SimpleMeterRegistry())) {
            Jdbi rcJdbi = DataSources.jdbi(rc);
            assertThat(level(rcJdbi)).isEqualTo("READ-COMMITTED");
            assertThat(rcJdbi.inTransaction(ReadCommittedIT::seenDuring)).isEqualTo(1);
        }
    }
}
