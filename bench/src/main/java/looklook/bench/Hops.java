package looklook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.jobq.Redis;
import looklook.pkg.store.MysqlDsn;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import redis.clients.jedis.JedisPooled;

/**
 * The round trips a scenario cost per operation, as the servers count them: statements MariaDB ran
 * (commits among them), commands Redis ran (a Lua script's own calls counted one by one, as Redis counts
 * them: the job queue makes a few round trips of many commands), gRPC calls each rpc process served
 * (health checks left out). Unlike CPU they do not
 * move with the machine's noise, so a change that saves a hop shows as a whole number. Read before
 * and after a measured window; whatever else used the servers meanwhile counts too (nothing else
 * should run during a bench).
 */
final class Hops {
    private static final List<String> RPC = List.of("usercenter-rpc", "order-rpc", "payment-rpc");
    /** The side port (metrics) of a process, as its etc/*.yaml gives it. */
    private static final Pattern DEV_PORT = Pattern.compile("(?m)^DevServer:\\s*\\n\\s+Port:\\s*(\\d+)");
    private static final Pattern GRPC_SERVED = Pattern.compile(
            "(?m)^grpc_server_processing_duration_seconds_count\\{([^}]*)\\}\\s+([0-9.E+]+)$");
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();

    /** Counters at one moment, by name; empty when a server could not be read (the line says so). */
    record Snapshot(Map<String, Long> counts, String problem) {
    }

    private Hops() {
    }

    static Snapshot take(Map<String, String> env) {
        Map<String, Long> c = new LinkedHashMap<>();
        try {
            database(env, c);
            try (JedisPooled redis = Redis.client(new RedisConf("127.0.0.1:" + env.getOrDefault("LOOKLOOK_REDIS_PORT", "16379"),
                    env.get("LOOKLOOK_REDIS_PASSWORD")))) {
                c.put("redis_commands", stat(redis.info("stats"), "total_commands_processed"));
            }
            for (String rpc : RPC) {
                c.put(rpc, grpcServed(rpc));
            }
            return new Snapshot(c, null);
        } catch (IOException | SQLException | RuntimeException e) {
            return new Snapshot(Map.of(), e.toString());
        }
    }

    /** {@code hops <scenario> db_statements/op=... db_commits/op=... redis_commands/op=... grpc_calls/op=... (per process)}. */
    static String line(String scenario, Snapshot before, Snapshot after, long ops) {
        if (before.problem() != null || after.problem() != null || ops == 0) {
            return "hops " + scenario + " not counted: " + (ops == 0 ? "no operation" : before.problem() != null ? before.problem() : after.problem());
        }
        StringBuilder grpc = new StringBuilder();
        double calls = 0;
        for (String rpc : RPC) {
            double per = per(before, after, rpc, ops);
            calls += per;
            grpc.append(grpc.length() == 0 ? "" : ", ").append(rpc).append(' ').append(String.format("%.2f", per));
        }
        return String.format("hops %s db_statements/op=%.2f db_commits/op=%.2f redis_commands/op=%.2f grpc_calls/op=%.2f (%s)",
                scenario, per(before, after, "db_statements", ops), per(before, after, "db_commits", ops),
                per(before, after, "redis_commands", ops), calls, grpc);
    }

    private static double per(Snapshot before, Snapshot after, String name, long ops) {
        return (after.counts().get(name) - before.counts().get(name)) / (double) ops;
    }

    /**
     * Questions counts every statement a client sent, a prepared statement's EXECUTE included; the window's
     * difference holds one snapshot's own connect and SHOW too, a few statements against hundreds of operations.
     */
    private static void database(Map<String, String> env, Map<String, Long> c) throws SQLException {
        MysqlDsn dsn = new MysqlDsn(env.getOrDefault("LOOKLOOK_DB_USER", "looklook"), env.getOrDefault("LOOKLOOK_DB_PASSWORD", ""),
                "127.0.0.1:" + env.getOrDefault("LOOKLOOK_MYSQL_PORT", "13306"), "");
        // no database: the server's URL
        try (Connection conn = DriverManager.getConnection(dsn.jdbcUrl(), dsn.user(), dsn.password());
             Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_commit')")) {
            while (r.next()) {
                c.put(r.getString(1).equals("Questions") ? "db_statements" : "db_commits", r.getLong(2));
            }
        }
    }

    private static long stat(String info, String field) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(field) + ":(\\d+)").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("redis INFO has no " + field);
        }
        return Long.parseLong(m.group(1));
    }

    /** Calls the process served since it started, health checks left out. */
    private static long grpcServed(String process) throws IOException {
        int port = devPort(Files.readString(Path.of("etc", process + ".yaml")), process);
        try (Response r = HTTP.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/metrics").build()).execute()) {
            if (!r.isSuccessful() || r.body() == null) {
                throw new IOException(process + " /metrics answered " + r.code());
            }
            return grpcCalls(r.body().string());
        }
    }

    /** The side port an etc/*.yaml gives its process. */
    static int devPort(String yaml, String process) {
        Matcher port = DEV_PORT.matcher(yaml);
        if (!port.find()) {
            throw new IllegalStateException("etc/" + process + ".yaml names no DevServer Port");
        }
        return Integer.parseInt(port.group(1));
    }

    /** The gRPC calls a Prometheus page counts as served, health checks left out. */
    static long grpcCalls(String metrics) {
        long calls = 0;
        Matcher m = GRPC_SERVED.matcher(metrics);
        while (m.find()) {
            if (!m.group(1).contains("grpc.health")) {
                calls += (long) Double.parseDouble(m.group(2));
            }
        }
        return calls;
    }
}
