package looklook.pkg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import looklook.pkg.conf.DbConf;
import looklook.pkg.testing.TestInfra;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions of {@link DataSources#jdbi} ({@link ExplicitTransactions}) on a pool of one connection,
 * so that each test sees the session the one before left: all or nothing, two statements, and no
 * transaction left open on the pooled connection however the work ends.
 */
class ExplicitTransactionsIT {
    private static MysqlDsn dsn;
    private static HikariDataSource ds;
    private static HikariDataSource other;
    private static Jdbi jdbi;
    private static Jdbi observer;

    @BeforeAll
    static void start() {
        dsn = TestInfra.freshDatabase("looklook_store");
        ds = DataSources.open(new DbConf(dsn.goDsn(), 1), "tx-test", new SimpleMeterRegistry());
        other = DataSources.open(new DbConf(dsn.goDsn(), 1), "tx-observer", new SimpleMeterRegistry());
        jdbi = DataSources.jdbi(ds);
        observer = DataSources.jdbi(other);
        jdbi.useHandle(h -> h.execute("CREATE TABLE item (id BIGINT PRIMARY KEY) ENGINE = InnoDB"));
    }

    @AfterAll
    static void stop() {
        other.close();
        ds.close();
        DataSources.dropDatabase(dsn);
    }

    @BeforeEach
    void empty() {
        observer.useHandle(h -> h.execute("DELETE FROM item"));
    }

    private static void insert(Handle h, long id) {
        h.execute("INSERT INTO item (id) VALUES (?)", id);
    }

    /** Rows as another connection sees them (committed only). */
    private static long committed() {
        return observer.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM item").mapTo(Long.class).one());
    }

    private static Map<String, Long> sessionCounters(Handle h) {
        return Map.of(
                "begin", counter(h, "Com_begin"),
                "commit", counter(h, "Com_commit"),
                "set_option", counter(h, "Com_set_option"));
    }

    private static long counter(Handle h, String name) {
        return h.createQuery("SHOW SESSION STATUS LIKE '" + name + "'").map((rs, ctx) -> rs.getLong(2)).one();
    }

    @Test
    void inTransaction_isOneStartAndOneCommit_withoutTouchingAutocommit() {
        Map<String, Long> before = jdbi.withHandle(ExplicitTransactionsIT::sessionCounters);

        jdbi.useTransaction(h -> {
            insert(h, 1);
            insert(h, 2);
            assertThat(committed()).as("uncommitted rows seen by another connection").isZero();
        });

        Map<String, Long> after = jdbi.withHandle(ExplicitTransactionsIT::sessionCounters);
        assertThat(committed()).isEqualTo(2);
        assertThat(after.get("begin") - before.get("begin")).isEqualTo(1);
        assertThat(after.get("commit") - before.get("commit")).isEqualTo(1);
        assertThat(after.get("set_option") - before.get("set_option")).as("SET autocommit statements").isZero();
    }

    @Test
    void inTransaction_thatThrows_leavesNothing_andTheConnectionBackInAutocommit() {
        AtomicBoolean afterCommit = new AtomicBoolean();
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            h.afterCommit(() -> afterCommit.set(true));
            insert(h, 1);
            throw new IllegalStateException("work failed");
        })).hasMessage("work failed");

        assertThat(committed()).isZero();
        assertThat(afterCommit).isFalse();
        // the same (only) connection: a plain insert is committed at once, so no transaction was left open
        jdbi.useHandle(h -> insert(h, 2));
        assertThat(committed()).isEqualTo(1);
    }

    @Test
    void handleClosedInsideATransaction_isRolledBack_andNoTransactionStaysOpenOnThePooledConnection() {
        assertThatThrownBy(() -> jdbi.useHandle(h -> {
            h.begin();
            insert(h, 1);
        })).isInstanceOf(TransactionException.class).hasMessageContaining("open transaction was closed");

        assertThat(committed()).isZero();
        jdbi.useHandle(h -> insert(h, 2));
        assertThat(committed()).isEqualTo(1);
    }

    @Test
    void commitThatFails_runsNoAfterCommitAction_andThePoolGoesOn() {
        AtomicBoolean afterCommit = new AtomicBoolean();
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            h.afterCommit(() -> afterCommit.set(true));
            insert(h, 1);
            long id = h.createQuery("SELECT CONNECTION_ID()").mapTo(Long.class).one();
            observer.useHandle(o -> o.execute("KILL CONNECTION " + id)); // the COMMIT is the first to find it gone
        })).isInstanceOf(TransactionException.class).hasMessageContaining("Failed to commit");

        assertThat(afterCommit).as("after-commit action of a transaction whose commit failed").isFalse();
        assertThat(committed()).isZero();
        jdbi.useTransaction(h -> insert(h, 2));
        assertThat(committed()).isEqualTo(1);
    }

    @Test
    void rollbackThatFailsOnALiveConnection_discardsIt_soThePoolLendsNoOpenTransaction() {
        // the pool's connections, each with a ROLLBACK that fails while the session lives on
        javax.sql.DataSource failingRollback = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (ds0, m, args) -> {
                    Object real = invoke(m, ds, args);
                    return m.getName().equals("getConnection") ? refusingRollback((java.sql.Connection) real) : real;
                });
        Jdbi failing = DataSources.jdbi(failingRollback);
        long before = jdbi.withHandle(h -> h.createQuery("SELECT CONNECTION_ID()").mapTo(Long.class).one());

        assertThatThrownBy(() -> failing.useTransaction(h -> {
            insert(h, 1);
            throw new IllegalStateException("work failed");
        })).hasMessage("work failed").satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());

        assertThat(committed()).as("the session went with its transaction").isZero();
        long after = jdbi.withHandle(h -> h.createQuery("SELECT CONNECTION_ID()").mapTo(Long.class).one());
        assertThat(after).as("the pool's only connection was replaced").isNotEqualTo(before);
        jdbi.useHandle(h -> insert(h, 2));
        assertThat(committed()).as("a plain insert on the pool commits at once").isEqualTo(1);
    }

    /** {@code c}, whose statements fail to execute ROLLBACK (as a driver fails one), all else passed through. */
    private static java.sql.Connection refusingRollback(java.sql.Connection c) {
        return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(ExplicitTransactionsIT.class.getClassLoader(),
                new Class<?>[] {java.sql.Connection.class}, (p, m, args) -> {
                    Object real = invoke(m, c, args);
                    if (!m.getName().equals("createStatement")) {
                        return real;
                    }
                    java.sql.Statement st = (java.sql.Statement) real;
                    return java.lang.reflect.Proxy.newProxyInstance(ExplicitTransactionsIT.class.getClassLoader(),
                            new Class<?>[] {java.sql.Statement.class}, (sp, sm, sargs) -> {
                                if (sm.getName().equals("execute") && "ROLLBACK".equals(sargs[0])) {
                                    throw new java.sql.SQLException("injected: rollback failed", "HY000");
                                }
                                return invoke(sm, st, sargs);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void connectionWithAutocommitOff_isRefused_ratherThanCommittedByStartTransaction() {
        assertThatThrownBy(() -> jdbi.useHandle(h -> {
            h.getConnection().setAutoCommit(false);
            try {
                insert(h, 1);
                h.useTransaction(tx -> insert(tx, 2));
            } finally {
                h.getConnection().rollback();
                h.getConnection().setAutoCommit(true);
            }
        })).isInstanceOf(TransactionException.class).hasMessageContaining("autocommit off");

        assertThat(committed()).isZero();
    }
}
