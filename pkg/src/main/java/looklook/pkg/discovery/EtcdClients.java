package looklook.pkg.discovery;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One jetcd client per etcd cluster per process: registration, discovery and worker-id leases of
 * the same cluster share its connections.
 */
public final class EtcdClients {
    private static final Map<String, Client> CLIENTS = new ConcurrentHashMap<>();

    private EtcdClients() {
    }

    /** The shared client for {@code hosts} ({@code host:port} or URLs). */
    public static Client get(List<String> hosts) {
        String id = String.join(",", hosts);
        return CLIENTS.computeIfAbsent(id, k -> Client.builder()
                .endpoints(hosts.stream().map(EtcdClients::url).collect(Collectors.toList()).toArray(String[]::new))
                .build());
    }

    /** A client of its own, for tests that simulate a separate process. */
    public static Client newClient(List<String> hosts) {
        return Client.builder().endpoints(hosts.stream().map(EtcdClients::url).toArray(String[]::new)).build();
    }

    /** Closes every shared client; called last on process shutdown. */
    public static void closeAll() {
        CLIENTS.values().forEach(Client::close);
        CLIENTS.clear();
    }

    static String url(String host) {
        return host.contains("://") ? host : "http://" + host;
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
