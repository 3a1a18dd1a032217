package looklook.pkg.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL data source as go-zero writes it ({@code user:pass@tcp(host:port)/db?charset=utf8mb4})
 * or as a JDBC URL ({@code jdbc:mysql://host:port/db?user=...&password=...}), turned into the
 * JDBC URL this project uses: UTC sessions, so DATETIME columns hold UTC.
 */
public record MysqlDsn(String user, String password, String hostPort, String database) {
    private static final Pattern GO = Pattern.compile("^([^:@]*)(?::(.*))?@tcp\\(([^)]+)\\)/([A-Za-z0-9_]+)(?:\\?.*)?$");
    private static final Pattern JDBC = Pattern.compile("^jdbc:(?:mysql|mariadb)://([^/?]+)/([A-Za-z0-9_]+)(?:\\?(.*))?$");
    private static final String PARAMS = "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=UTF-8"
            + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&rewriteBatchedStatements=true"
            + "&tcpKeepAlive=true&connectTimeout=3000";

    /** Parses either form; the message names what is wrong. */
    public static MysqlDsn parse(String dataSource) {
        Matcher go = GO.matcher(dataSource);
        if (go.matches()) {
            return new MysqlDsn(go.group(1), go.group(2) == null ? "" : go.group(2), go.group(3), go.group(4));
        }
        Matcher jdbc = JDBC.matcher(dataSource);
        if (jdbc.matches()) {
            String user = "";
            String password = "";
            if (jdbc.group(3) != null) {
                for (String kv : jdbc.group(3).split("&")) {
                    String[] p = kv.split("=", 2);
                    String v = p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "";
                    if (p[0].equals("user")) {
                        user = v;
                    } else if (p[0].equals("password")) {
                        password = v;
                    }
                }
            }
            return new MysqlDsn(user, password, jdbc.group(1), jdbc.group(2));
        }
        throw new IllegalArgumentException("DB.DataSource: expected user:pass@tcp(host:port)/db or jdbc:mysql://host:port/db, got "
                + dataSource.replaceAll(":[^:@]*@", ":***@"));
    }

    /** The same server, another database. */
    public MysqlDsn withDatabase(String name) {
        return new MysqlDsn(user, password, hostPort, name);
    }

    /** JDBC URL of the database. */
    public String jdbcUrl() {
        return "jdbc:mysql://" + hostPort + "/" + database + PARAMS;
    }

    /** JDBC URL of the server without a database (to create one). */
    String serverUrl() {
        return "jdbc:mysql://" + hostPort + "/" + PARAMS;
    }

    /** The go-zero form, as a config file would hold it. */
    public String goDsn() {
        return user + ":" + password + "@tcp(" + hostPort + ")/" + database + "?charset=utf8mb4&parseTime=true";
    }

    @Override
    public String toString() {
        return "MysqlDsn[" + user + "@" + hostPort + "/" + database + "]";
    }
}
