package looklook.pkg.discovery;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a server in go-zero's format: {@code <key>/<leaseId decimal>} = {@code host:port}
 * under a lease kept alive. A deleted key is put back; a lost lease (etcd down longer than the
 * TTL) is replaced by a new one; {@link #close()} revokes the lease so the key vanishes at once.
 * All state changes run on one thread, so callbacks from jetcd never race each other.
 */
public final class EtcdRegistration implements AutoCloseable {
    /** go-zero's publisher TTL, in seconds. */
    public static final long TTL_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(EtcdRegistration.class);

    private final Client etcd;
    private final String prefix;
    private final String value;
    private final ScheduledExecutorService loop;
    private long leaseId;
    private String fullKey;
    private AutoCloseable keepAlive;
    private Watch.Watcher watcher;
    private boolean closed;

    private EtcdRegistration(Client etcd, String key, String value) {
        this.etcd = requireNonNull(etcd, "etcd");
        this.prefix = requireNonNull(key, "key");
        this.value = requireNonNull(value, "value");
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "etcd-publish-" + key);
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers now (failing if etcd does not answer) and keeps the registration alive. */
    public static EtcdRegistration register(Client etcd, String key, String hostPort) {
        EtcdRegistration r = new EtcdRegistration(etcd, key, hostPort);
        try {
            r.loop.submit(() -> {
                r.publish();
                return null;
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            r.loop.shutdownNow();
            throw new IllegalStateException("cannot register " + key + " in etcd: " + e.getMessage(), e);
        }
        r.loop.scheduleWithFixedDelay(r::ensurePresent, 3, 3, TimeUnit.SECONDS);
        return r;
    }

    /** The etcd key holding this server's address. */
    public synchronized String key() {
        return fullKey;
    }

    private void publish() throws Exception {
        leaseId = etcd.getLeaseClient().grant(TTL_SECONDS).get(5, TimeUnit.SECONDS).getID();
        fullKey = prefix + "/" + leaseId;
        put();
        keepAlive = etcd.getLeaseClient().keepAlive(leaseId, new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveResponse r) {
                if (r.getTTL() <= 0) {
                    later(EtcdRegistration.this::republish, 0);
                }
            }

            @Override
            public void onError(Throwable t) {
                log.warn("etcd keepalive of {} failed: {}", fullKey, t.toString());
                later(EtcdRegistration.this::republish, 1);
            }

            @Override
            public void onCompleted() {
                later(EtcdRegistration.this::republish, 1);
            }
        });
        watcher = etcd.getWatchClient().watch(EtcdClients.bytes(fullKey), WatchOption.builder().build(),
                Watch.listener(resp -> {
                    boolean deleted = resp.getEvents().stream()
                            .anyMatch(e -> e.getEventType() == WatchEvent.EventType.DELETE);
                    if (deleted) {
                        later(this::ensurePresent, 0);
                    }
                }));
        log.info("registered {} = {} in etcd (lease ttl {}s)", fullKey, value, TTL_SECONDS);
    }

    private void put() throws Exception {
        etcd.getKVClient().put(EtcdClients.bytes(fullKey), EtcdClients.bytes(value),
                PutOption.builder().withLeaseId(leaseId).build()).get(5, TimeUnit.SECONDS);
    }

    /** Puts the key back if someone deleted it; a lease that is gone means a fresh registration. */
    private void ensurePresent() {
        if (closed) {
            return;
        }
        try {
            long count = etcd.getKVClient().get(EtcdClients.bytes(fullKey)).get(5, TimeUnit.SECONDS).getCount();
            if (count == 0) {
                log.warn("etcd key {} was deleted; putting it back", fullKey);
                put();
            }
        } catch (Exception e) {
            log.warn("etcd check of {} failed: {}", fullKey, e.toString());
            republish();
        }
    }

    private void republish() {
        if (closed) {
            return;
        }
        stopWatching();
        try {
            publish();
        } catch (Exception e) {
            log.warn("etcd re-registration of {} failed, retrying: {}", prefix, e.toString());
            later(this::republish, 2);
        }
    }

    private void stopWatching() {
        closeQuietly(watcher);
        closeQuietly(keepAlive);
        watcher = null;
        keepAlive = null;
    }

    /** Revokes the lease: the key disappears now instead of after the TTL. */
    @Override
    public void close() {
        if (loop.isShutdown()) {
            return;
        }
        try {
            loop.submit(() -> {
                closed = true;
                stopWatching();
                try {
                    etcd.getLeaseClient().revoke(leaseId).get(3, TimeUnit.SECONDS);
                    log.info("deregistered {}", fullKey);
                } catch (Exception e) {
                    log.warn("etcd revoke of {} failed; it expires within {}s: {}", fullKey, TTL_SECONDS, e.toString());
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("etcd deregistration of {} did not finish: {}", fullKey, e.toString());
        } finally {
            loop.shutdownNow();
        }
    }

    /** Runs on the registration thread; after close() the thread is gone and late callbacks are dropped. */
    private void later(Runnable task, long delaySeconds) {
        try {
            loop.schedule(task, delaySeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // close() has run: nothing is registered any more
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort while replacing a lease
        }
    }
}
