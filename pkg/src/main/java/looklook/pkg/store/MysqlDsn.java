package looklook.pkg.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL data source as go-zero writes it ({@code user:pass@tcp(host:port)/db?charset=utf8mb4})
 * or as a JDBC URL ({@code jdbc:mysql://host:port/db?user=...&password=...}), turned into the
 * JDBC URL this project uses: UTC sessions, so DATETIME columns hold UTC.
 *
 * <p>TLS is the DSN's to say: go-sql-driver's {@code tls=true|skip-verify|preferred|false} (or
 * Connector/J's own {@code sslMode=}) becomes Connector/J's {@code sslMode} (VERIFY_IDENTITY,
 * REQUIRED, PREFERRED, DISABLED; absent = DISABLED, as go-sql-driver). {@code allowPublicKeyRetrieval}
 * is passed on only when the DSN asks for it: it lets a server that is not who it claims to be
 * hand the driver the key the password is encrypted with, so it is off unless needed (and TLS
 * makes it unnecessary).
 */
public record MysqlDsn(String user, String password, String hostPort, String database, String sslMode,
                       boolean allowPublicKeyRetrieval) {
    private static final Pattern GO = Pattern.compile("^([^:@]*)(?::(.*))?@tcp\\(([^)]+)\\)/([A-Za-z0-9_]+)(?:\\?(.*))?$");
    private static final Pattern JDBC = Pattern.compile("^jdbc:(?:mysql|mariadb)://([^/?]+)/([A-Za-z0-9_]+)(?:\\?(.*))?$");
    private static final Map<String, String> GO_TLS = Map.of("true", "VERIFY_IDENTITY", "skip-verify", "REQUIRED",
            "preferred", "PREFERRED", "false", "DISABLED");
    private static final Set<String> SSL_MODES = Set.of("DISABLED", "PREFERRED", "REQUIRED",
            "VERIFY_CA", "VERIFY_IDENTITY");
    private static final String PARAMS = "characterEncoding=UTF-8"
            + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&rewriteBatchedStatements=true"
            + "&tcpKeepAlive=true&connectTimeout=3000";

    public MysqlDsn {
        sslMode = sslMode == null ? "DISABLED" : sslMode;
        if (!SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("DB.DataSource: sslMode=" + sslMode + " (expected one of " + SSL_MODES + ")");
        }
    }

    /** Without TLS and without public key retrieval. */
    public MysqlDsn(String user, String password, String hostPort, String database) {
        this(user, password, hostPort, database, null, false);
    }

    /** Parses either form; the message names what is wrong. */
    public static MysqlDsn parse(String dataSource) {
        Matcher go = GO.matcher(dataSource);
        if (go.matches()) {
            Map<String, String> q = query(go.group(5));
            String tls = q.get("tls");
            String mode = null;
            if (tls != null) {
                mode = GO_TLS.get(tls.toLowerCase(Locale.ROOT));
                if (mode == null) {
                    throw new IllegalArgumentException("DB.DataSource: tls=" + tls + " (expected true, skip-verify, preferred or false)");
                }
            }
            return new MysqlDsn(go.group(1), go.group(2) == null ? "" : go.group(2), go.group(3), go.group(4), mode,
                    "true".equalsIgnoreCase(q.get("allowPublicKeyRetrieval")));
        }
        Matcher jdbc = JDBC.matcher(dataSource);
        if (jdbc.matches()) {
            Map<String, String> q = query(jdbc.group(3));
            String mode = q.get("sslMode");
            return new MysqlDsn(q.getOrDefault("user", ""), q.getOrDefault("password", ""), jdbc.group(1), jdbc.group(2),
                    mode == null ? null : mode.toUpperCase(Locale.ROOT), "true".equalsIgnoreCase(q.get("allowPublicKeyRetrieval")));
        }
        throw new IllegalArgumentException("DB.DataSource: expected user:pass@tcp(host:port)/db or jdbc:mysql://host:port/db, got "
                + dataSource.replaceAll(":[^:@]*@", ":***@").replaceAll("password=[^&]*", "password=***"));
    }

    private static Map<String, String> query(String q) {
        Map<String, String> m = new LinkedHashMap<>();
        if (q != null) {
            for (String kv : q.split("&")) {
                String[] p = kv.split("=", 2);
                m.put(p[0], p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
            }
        }
        return m;
    }

    /** The same server, another database. */
    public MysqlDsn withDatabase(String name) {
        return new MysqlDsn(user, password, hostPort, name, sslMode, allowPublicKeyRetrieval);
    }

    /** JDBC URL of the database. */
    public String jdbcUrl() {
        return "jdbc:mysql://" + hostPort + "/" + database + "?" + params();
    }

    /** JDBC URL of the server without a database (to create one). */
    String serverUrl() {
        return "jdbc:mysql://" + hostPort + "/?" + params();
    }

    private String params() {
        return "sslMode=" + sslMode + (allowPublicKeyRetrieval ? "&allowPublicKeyRetrieval=true" : "") + "&" + PARAMS;
    }

    /** The go-zero form, as a config file would hold it. */
    public String goDsn() {
        String tls = GO_TLS.entrySet().stream().filter(e -> e.getValue().equals(sslMode)).map(Map.Entry::getKey)
                .findFirst().orElse("true");
        return user + ":" + password + "@tcp(" + hostPort + ")/" + database + "?charset=utf8mb4&parseTime=true"
                + ("DISABLED".equals(sslMode) ? "" : "&tls=" + tls)
                + (allowPublicKeyRetrieval ? "&allowPublicKeyRetrieval=true" : "");
    }

    @Override
    public String toString() {
        return "MysqlDsn[" + user + "@" + hostPort + "/" + database + ", sslMode=" + sslMode + "]";
    }
}
