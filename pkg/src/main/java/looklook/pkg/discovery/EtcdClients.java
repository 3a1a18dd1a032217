package looklook.pkg.discovery;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import looklook.pkg.conf.EtcdConf;

/**
 * One jetcd client per etcd cluster per process: registration, discovery and worker-id leases of
 * the same cluster share its connections. A cluster's account is registered once per process, as
 * go-zero's {@code discov.RegisterAccount} does: every client of those hosts then authenticates,
 * including the one gRPC's name resolver opens from a target that carries only the hosts.
 */
public final class EtcdClients {
    private static final Map<String, Client> CLIENTS = new ConcurrentHashMap<>();
    private static final Map<String, Account> ACCOUNTS = new ConcurrentHashMap<>();

    private record Account(String user, String pass) {
    }

    private EtcdClients() {
    }

    /** The shared client for {@code conf}'s cluster; its account (if any) is registered for the hosts first. */
    public static Client get(EtcdConf conf) {
        registerAccount(conf);
        return get(conf.hosts());
    }

    /** The shared client for {@code hosts} ({@code host:port} or URLs), with the account registered for them. */
    public static Client get(List<String> hosts) {
        return CLIENTS.computeIfAbsent(id(hosts), k -> builder(hosts).build());
    }

    /** A client of its own (with the registered account), for tests that simulate a separate process. */
    public static Client newClient(List<String> hosts) {
        return builder(hosts).build();
    }

    /**
     * Remembers the account of {@code conf}'s cluster when it names one. A second, different account
     * for the same hosts is refused: one process speaks to one cluster as one user.
     */
    public static void registerAccount(EtcdConf conf) {
        if (!conf.hasAccount()) {
            return;
        }
        Account a = new Account(conf.user(), conf.pass());
        Account before = ACCOUNTS.putIfAbsent(id(conf.hosts()), a);
        if (before != null && !before.equals(a)) {
            throw new IllegalArgumentException("Etcd.User: " + conf.user() + " for " + conf.hosts()
                    + " (expected the account already used for these hosts, " + before.user() + ")");
        }
    }

    /** Closes every shared client; called last on process shutdown. */
    public static void closeAll() {
        CLIENTS.values().forEach(Client::close);
        CLIENTS.clear();
    }

    private static ClientBuilder builder(List<String> hosts) {
        ClientBuilder b = Client.builder().endpoints(hosts.stream().map(EtcdClients::url).toArray(String[]::new));
        Account a = ACCOUNTS.get(id(hosts));
        if (a != null) {
            b.user(bytes(a.user())).password(bytes(a.pass()));
        }
        return b;
    }

    private static String id(List<String> hosts) {
        return String.join(",", hosts);
    }

    static String url(String host) {
        return host.contains("://") ? host : "http://" + host;
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
