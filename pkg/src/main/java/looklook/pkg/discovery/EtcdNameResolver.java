package looklook.pkg.discovery;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code etcd://host1,host2/<key>} to the live servers under {@code <key>/}: lists the
 * prefix, then watches it from the listed revision so no change is missed; a broken watch lists
 * again. Events are applied on the channel's synchronization context, one at a time.
 */
final class EtcdNameResolver extends NameResolver {
    private static final Logger log = LoggerFactory.getLogger(EtcdNameResolver.class);

    private final Client etcd;
    private final String prefix;
    private final String authority;
    private final Args args;
    private final Map<String, String> servers = new TreeMap<>();
    private Listener2 listener;
    private Watch.Watcher watcher;
    private boolean shutdown;

    EtcdNameResolver(Client etcd, String key, Args args) {
        this.etcd = etcd;
        this.prefix = key + "/";
        this.authority = key;
        this.args = args;
    }

    @Override
    public String getServiceAuthority() {
        return authority;
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        relist();
    }

    @Override
    public void refresh() {
        relist();
    }

    private void relist() {
        if (shutdown) {
            return;
        }
        GetOption prefixed = GetOption.builder().isPrefix(true).build();
        etcd.getKVClient().get(EtcdClients.bytes(prefix), prefixed).whenComplete((resp, err) ->
                args.getSynchronizationContext().execute(() -> onListed(resp, err)));
    }

    private void onListed(GetResponse resp, Throwable err) {
        if (shutdown) {
            return;
        }
        if (err != null) {
            listener.onError(Status.UNAVAILABLE.withDescription("etcd list " + prefix + ": " + err.getMessage()));
            args.getScheduledExecutorService().schedule(this::relist, 1, TimeUnit.SECONDS);
            return;
        }
        servers.clear();
        for (KeyValue kv : resp.getKvs()) {
            servers.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8));
        }
        publish();
        if (watcher != null) {
            watcher.close();
        }
        WatchOption opt = WatchOption.builder().isPrefix(true).withRevision(resp.getHeader().getRevision() + 1).build();
        watcher = etcd.getWatchClient().watch(EtcdClients.bytes(prefix), opt, Watch.listener(
                w -> args.getSynchronizationContext().execute(() -> onEvents(w.getEvents())),
                e -> args.getSynchronizationContext().execute(this::onWatchBroken)));
    }

    private void onEvents(List<WatchEvent> events) {
        if (shutdown) {
            return;
        }
        for (WatchEvent e : events) {
            String k = e.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
            if (e.getEventType() == WatchEvent.EventType.PUT) {
                servers.put(k, e.getKeyValue().getValue().toString(StandardCharsets.UTF_8));
            } else if (e.getEventType() == WatchEvent.EventType.DELETE) {
                servers.remove(k);
            }
        }
        publish();
    }

    private void onWatchBroken() {
        if (!shutdown) {
            log.warn("etcd watch of {} broke; listing again", prefix);
            args.getScheduledExecutorService().schedule(this::relist, 1, TimeUnit.SECONDS);
        }
    }

    private void publish() {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        servers.values().stream().distinct().forEach(hp -> groups.add(new EquivalentAddressGroup(HostPorts.parse(hp))));
        if (groups.isEmpty()) {
            listener.onError(Status.UNAVAILABLE.withDescription("no server registered under etcd key " + prefix));
            return;
        }
        log.info("etcd {} -> {}", prefix, servers.values());
        listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
    }

    @Override
    public void shutdown() {
        shutdown = true;
        if (watcher != null) {
            watcher.close();
        }
    }
}
