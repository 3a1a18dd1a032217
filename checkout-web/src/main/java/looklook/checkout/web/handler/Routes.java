package looklook.checkout.web.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import looklook.checkout.web.logic.Forwarder;
import looklook.pkg.rest.RestServer;

/** The routes of checkout-web: the page and its script, then one forwarder per API prefix. */
public final class Routes {
    private Routes() {
    }

    public static RestServer register(RestServer server, Map<String, URI> upstreams, Duration timeout) {
        server.getFixed("/", "text/html; charset=utf-8", resource("index.html"))
                .getFixed("/checkout.js", "text/javascript; charset=utf-8", resource("checkout.js"))
                .getFixed("/checkout.css", "text/css; charset=utf-8", resource("checkout.css"));
        upstreams.forEach((prefix, api) -> server.postForward(prefix, new Forwarder(api, timeout)));
        return server;
    }

    private static byte[] resource(String name) {
        try (InputStream in = Routes.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
