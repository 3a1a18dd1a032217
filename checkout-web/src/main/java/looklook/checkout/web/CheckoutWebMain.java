package looklook.checkout.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import looklook.checkout.web.config.CheckoutWebConfig;
import looklook.checkout.web.handler.Routes;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.HealthCheck;
import looklook.pkg.ops.Launcher;
import looklook.pkg.ops.Metrics;
import looklook.pkg.rest.RestServer;

/** {@code java -jar checkout-web.jar -f etc/checkout-web.yaml}. */
public final class CheckoutWebMain {
    private CheckoutWebMain() {
    }

    public static void main(String[] args) {
        Launcher.run("checkout-web", () -> start(ConfLoader.fromArgs(args, "etc/checkout-web.yaml", CheckoutWebConfig.class)));
    }

    /** Starts the process's servers; closing the result stops them in order. */
    public static AutoCloseable start(CheckoutWebConfig c) throws Exception {
        PrometheusMeterRegistry metrics = Metrics.registry(c.name());
        Map<String, URI> upstreams = c.upstreams();
        RestServer http = Routes.register(new RestServer(c.rest(), metrics), upstreams,
                Duration.ofMillis(c.upstreamTimeout())).start();
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        upstreams.forEach((prefix, api) -> checks.put(prefix, () -> connect(api)));
        DevServer dev = DevServer.start(c.devServer(), metrics, checks);
        return () -> {
            http.close();
            dev.close();
        };
    }

    /** Healthy while each API accepts connections: the page is no use without them. */
    private static void connect(URI api) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(api.getHost(), api.getPort() > 0 ? api.getPort() : 80), 1000);
        }
    }
}
