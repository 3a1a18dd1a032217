package looklook.pkg.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import looklook.pkg.conf.DevServerConf;

/**
 * go-zero's DevServer: {@code /healthz} (200 only when every dependency answers within a second,
 * else 503 naming the ones that did not) and Prometheus {@code /metrics}, on a side port so probes
 * and scrapes never queue behind business traffic.
 */
public final class DevServer implements AutoCloseable {
    private static final long CHECK_TIMEOUT_MS = 1_000;

    private final HttpServer http;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "dev-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();

    private DevServer(HttpServer http) {
        this.http = http;
    }

    /** Starts serving; {@code checks} maps a dependency's name to its probe. */
    public static DevServer start(DevServerConf conf, PrometheusMeterRegistry metrics, Map<String, HealthCheck> checks)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(conf.host(), conf.port()), 16);
        DevServer dev = new DevServer(http);
        dev.checks.putAll(checks);
        http.setExecutor(dev.pool);
        http.createContext("/healthz", dev::health);
        http.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        http.start();
        return dev;
    }

    /** The bound port. */
    public int port() {
        return http.getAddress().getPort();
    }

    private void health(HttpExchange ex) throws IOException {
        StringBuilder failed = new StringBuilder();
        for (Map.Entry<String, HealthCheck> c : checks.entrySet()) {
            try {
                CompletableFuture.runAsync(() -> {
                    try {
                        c.getValue().check();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).get(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                failed.append(c.getKey()).append(' ');
            }
        }
        if (failed.length() == 0) {
            reply(ex, 200, "text/plain; charset=utf-8", "OK\n");
        } else {
            reply(ex, 503, "text/plain; charset=utf-8", "unavailable: " + failed.toString().trim() + "\n");
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }
}
