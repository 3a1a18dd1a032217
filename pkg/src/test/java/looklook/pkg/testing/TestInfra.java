package looklook.pkg.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.discovery.EtcdClients;
import looklook.pkg.store.MysqlDsn;

/**
 * Where the real servers started by {@code ./mesh infra} listen, for integration tests: read from
 * the environment, else from {@code .mesh/env} at the repository root (so an IDE run works too).
 */
public final class TestInfra {
    /** The processes that call an rpc server, each with a token of its own ({@code RPC_CALLERS} of {@code ./mesh}). */
    public static final List<String> RPC_CALLERS = List.of("usercenter-api", "order-api", "payment-api", "order-mq",
            "mqueue-job", "payment-rpc", "ops");
    private static final Map<String, String> ENV = load();

    private TestInfra() {
    }

    /** Every variable a config file may reference, as {@code ./mesh} exports them. */
    public static Map<String, String> env() {
        return ENV;
    }

    /** A fresh, not yet created database on the test MariaDB, named {@code <prefix>_t<random>}. */
    public static MysqlDsn freshDatabase(String prefix) {
        String name = prefix + "_t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return new MysqlDsn(get("LOOKLOOK_DB_USER", "looklook"), get("LOOKLOOK_DB_PASSWORD", ""),
                "127.0.0.1:" + get("LOOKLOOK_MYSQL_PORT", "13306"), name);
    }

    /**
     * The etcd cluster. Its account ({@code LOOKLOOK_ETCD_USER}/{@code _PASSWORD}) is registered for
     * these hosts, so every etcd client of the test process authenticates as the mesh's processes do.
     */
    public static List<String> etcdHosts() {
        List<String> hosts = List.of("127.0.0.1:" + get("LOOKLOOK_ETCD_PORT", "12379"));
        useEtcdAccount(hosts);
        return hosts;
    }

    /** {@link #etcdHosts()} with {@code key} and the account, as a config's {@code Etcd} block. */
    public static EtcdConf etcdConf(String key) {
        return new EtcdConf(etcdHosts(), key, get("LOOKLOOK_ETCD_USER", ""), get("LOOKLOOK_ETCD_PASSWORD", ""));
    }

    /** Registers the etcd account of {@code .mesh/env} for {@code hosts} (a forked test process does this first). */
    public static void useEtcdAccount(List<String> hosts) {
        EtcdClients.registerAccount(new EtcdConf(hosts, "-", get("LOOKLOOK_ETCD_USER", ""), get("LOOKLOOK_ETCD_PASSWORD", "")));
    }

    /** Redis {@code host:port}. */
    public static String redisHostPort() {
        return "127.0.0.1:" + get("LOOKLOOK_REDIS_PORT", "16379");
    }

    /** The password of the shared Redis (empty when it has none). */
    public static String redisPassword() {
        return get("LOOKLOOK_REDIS_PASSWORD", "");
    }

    /** The shared Redis as a config's {@code Redis} block: host and password. */
    public static RedisConf redisConf() {
        return new RedisConf(redisHostPort(), redisPassword());
    }

    /** The rpc token {@code ./mesh} generated for the caller {@code app} ({@code LOOKLOOK_RPC_TOKEN_<APP>}). */
    public static String rpcToken(String app) {
        String var = rpcTokenVar(app);
        String token = ENV.get(var);
        if (token == null || token.isEmpty()) {
            throw new IllegalStateException(var + " is not set: run ./mesh infra (it writes .mesh/env)");
        }
        return token;
    }

    /** {@code LOOKLOOK_RPC_TOKEN_<APP>}, the variable holding {@code app}'s rpc token. */
    public static String rpcTokenVar(String app) {
        return "LOOKLOOK_RPC_TOKEN_" + app.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** {@code conf} calling as {@code app} with the token the servers started from {@code .mesh/env} admit. */
    public static RpcClientConf asCaller(RpcClientConf conf, String app) {
        return conf.withCredential(app, rpcToken(app));
    }

    /** Kafka bootstrap servers. */
    public static String kafkaBootstrap() {
        return "127.0.0.1:" + get("LOOKLOOK_KAFKA_PORT", "19092");
    }

    /** A unique name for keys, topics and prefixes a test owns. */
    public static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime()) + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    }

    /** A 48-character secret for JWT in tests. */
    public static String jwtSecret() {
        return "test-secret-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-0123456789abcdefghij";
    }

    /** The repository root (the directory holding {@code mesh}). */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mesh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (a directory with ./mesh) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private static String get(String key, String fallback) {
        return ENV.getOrDefault(key, fallback);
    }

    private static Map<String, String> load() {
        Map<String, String> env = new HashMap<>();
        try {
            Path file = repoRoot().resolve(".mesh/env");
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (eq > 0 && !line.startsWith("#")) {
                        env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                    }
                }
            }
        } catch (IOException | IllegalStateException e) {
            // no .mesh/env: the environment alone must say where the servers are
        }
        env.putAll(System.getenv());
        // a .mesh/env written before a caller was added lacks its token until ./mesh runs again; the
        // servers this JVM starts read the same map, so a token of this run's own admits that caller
        for (String caller : RPC_CALLERS) {
            env.putIfAbsent(rpcTokenVar(caller), unique("token"));
        }
        return Map.copyOf(env);
    }
}
