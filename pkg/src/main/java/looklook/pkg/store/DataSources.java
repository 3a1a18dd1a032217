package looklook.pkg.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import looklook.pkg.conf.DbConf;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.sqlobject.SqlObjectFactory;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * One service's database: created if absent, migrated by Flyway from {@code db/migration} on the
 * classpath, pooled by HikariCP (pool metrics to Micrometer), used through Jdbi SqlObject.
 */
public final class DataSources {
    private DataSources() {
    }

    /** Creates the database if needed, migrates it and returns a pool on it. */
    public static HikariDataSource open(DbConf conf, String poolName, MeterRegistry metrics) {
        MysqlDsn dsn = MysqlDsn.parse(conf.dataSource());
        createDatabaseIfAbsent(dsn);
        // migrations may rightly run longer than a call's socket timeout: they get their own connection
        Flyway.configure().dataSource(dsn.jdbcUrl(), dsn.user(), dsn.password()).locations("classpath:db/migration").load().migrate();
        return new HikariDataSource(config(conf, dsn, poolName, conf.maxPoolSize(), metrics));
    }

    /**
     * A pool of one more connection on a database {@link #open} made, its session at READ COMMITTED for
     * good: for a loop that runs a statement at a time and must take no gap locks (the outbox relay),
     * so that no statement is wrapped in setting the level and restoring it.
     */
    public static HikariDataSource openReadCommitted(DbConf conf, String poolName, MeterRegistry metrics) {
        HikariConfig hc = config(conf, MysqlDsn.parse(conf.dataSource()), poolName, 1, metrics);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return new HikariDataSource(hc);
    }

    private static HikariConfig config(DbConf conf, MysqlDsn dsn, String poolName, int size, MeterRegistry metrics) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(poolName);
        hc.setJdbcUrl(dsn.jdbcUrl());
        hc.setUsername(dsn.user());
        hc.setPassword(dsn.password());
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(Math.min(2, size));
        hc.setConnectionTimeout(3_000);
        hc.setValidationTimeout(1_000);
        hc.setMetricRegistry(metrics);
        hc.addDataSourceProperty("connectTimeout", 3_000);
        hc.addDataSourceProperty("socketTimeout", conf.socketTimeout());
        // the driver answers getTransactionIsolation() from what it last set, and skips setting the level
        // the session has, instead of a round trip each: Jdbi reads the level before a transaction at a
        // given level and sets it back after, the relay checks it per round. Safe while session state
        // changes only through the JDBC API (never SET SESSION in SQL): Hikari and Jdbi do so, we do no other.
        hc.addDataSourceProperty("useLocalSessionState", true);
        // server-side prepared statements, kept open per connection: the server parses each statement
        // text once per connection instead of once per call (measured: a fifth less server CPU per
        // SELECT and INSERT by key, a tenth per UPDATE). Jdbi's close() hands the statement back to the
        // cache, so a call is one EXECUTE as it was one QUERY. The SQL limit must exceed our longest
        // statement (the order INSERT, some 800 characters) or it would be prepared and closed per call;
        // at the server's max_prepared_stmt_count the driver falls back to client-side statements.
        hc.addDataSourceProperty("useServerPrepStmts", true);
        hc.addDataSourceProperty("cachePrepStmts", true);
        hc.addDataSourceProperty("prepStmtCacheSize", 250);
        hc.addDataSourceProperty("prepStmtCacheSqlLimit", 4096);
        return hc;
    }

    /**
     * Jdbi with SqlObject support on a pool, rows mapped to records by {@link RecordMappers}, transactions
     * begun and ended by statements on a connection left in autocommit ({@link ExplicitTransactions}). A failed
     * statement's message names its SQL but never its bound values: those are mobiles, openids and
     * password hashes, and the message is logged.
     *
     * @param sqlObjects the SqlObject types the service attaches, each attached by {@link LazySqlObjects}
     *                   (a method's invoker made at its first call, not every method's at each attach).
     *                   Jdbi works out a type's methods once per configuration that asks, and keeps the
     *                   result there: asked here, that is once for this Jdbi, instead of on every handle
     *                   that attaches a type this Jdbi itself never attached (the handle's copy goes when
     *                   it closes; 16 us a time)
     */
    public static Jdbi jdbi(DataSource ds, Class<?>... sqlObjects) {
        Jdbi jdbi = Jdbi.create(ds).installPlugin(new SqlObjectPlugin()).registerRowMapper(new RecordMappers());
        jdbi.setTransactionHandler(ExplicitTransactions.INSTANCE);
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(DataSources::statementOnly);
        Extensions extensions = jdbi.getConfig(Extensions.class);
        // registered last, so asked first for its types
        extensions.register(new LazySqlObjects(extensions.findFactory(SqlObjectFactory.class).orElseThrow(), List.of(sqlObjects)));
        for (Class<?> type : sqlObjects) {
            jdbi.withExtension(type, extension -> null); // opens no connection
        }
        return jdbi;
    }

    /** The statement as written (named placeholders, no values), cut to a line's worth. */
    static String statementOnly(StatementException e) {
        String sql = e.getStatementContext() == null ? null : e.getStatementContext().getRawSql();
        if (sql == null) {
            return "";
        }
        return " [statement:\"" + (sql.length() <= 200 ? sql : sql.substring(0, 200) + "...") + "\"]";
    }

    /** Drops a database (tests clean up the schemas they made). */
    public static void dropDatabase(MysqlDsn dsn) {
        execOnServer(dsn, "DROP DATABASE IF EXISTS `" + dsn.database() + "`");
    }

    private static void createDatabaseIfAbsent(MysqlDsn dsn) {
        execOnServer(dsn, "CREATE DATABASE IF NOT EXISTS `" + dsn.database()
                + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    private static void execOnServer(MysqlDsn dsn, String sql) {
        try (Connection c = DriverManager.getConnection(dsn.serverUrl(), dsn.user(), dsn.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("database server " + dsn.hostPort() + ": " + e.getMessage(), e);
        }
    }
}
