package looklook.pkg.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import looklook.pkg.conf.DbConf;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
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
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(poolName);
        hc.setJdbcUrl(dsn.jdbcUrl());
        hc.setUsername(dsn.user());
        hc.setPassword(dsn.password());
        hc.setMaximumPoolSize(conf.maxPoolSize());
        hc.setMinimumIdle(Math.min(2, conf.maxPoolSize()));
        hc.setConnectionTimeout(3_000);
        hc.setValidationTimeout(1_000);
        hc.setMetricRegistry(metrics);
        hc.addDataSourceProperty("connectTimeout", 3_000);
        hc.addDataSourceProperty("socketTimeout", conf.socketTimeout());
        // migrations may rightly run longer than a call's socket timeout: they get their own connection
        Flyway.configure().dataSource(dsn.jdbcUrl(), dsn.user(), dsn.password()).locations("classpath:db/migration").load().migrate();
        return new HikariDataSource(hc);
    }

    /**
     * Jdbi with SqlObject support on a pool. A failed statement's message names its SQL but never
     * its bound values: those are mobiles, openids and password hashes, and the message is logged.
     */
    public static Jdbi jdbi(DataSource ds) {
        Jdbi jdbi = Jdbi.create(ds).installPlugin(new SqlObjectPlugin());
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(DataSources::statementOnly);
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
