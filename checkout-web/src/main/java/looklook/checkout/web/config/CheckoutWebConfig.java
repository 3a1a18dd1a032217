package looklook.checkout.web.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.rest.RestServerConf;

/**
 * etc/checkout-web.yaml.
 *
 * @param usercenterApi   base URL the page's {@code /usercenter/} calls go to
 * @param orderApi        base URL for {@code /order/}
 * @param paymentApi      base URL for {@code /payment/}
 * @param upstreamTimeout ms a forwarded call may take in all (connect, send, answer) before it is a 504
 */
public record CheckoutWebConfig(
        String name,
        String host,
        Integer port,
        Long maxBytes,
        @OptionalKey Long idleTimeout,
        @OptionalKey Long readTimeout,
        @OptionalKey Integer maxHeaderBytes,
        DevServerConf devServer,
        String usercenterApi,
        String orderApi,
        String paymentApi,
        Long upstreamTimeout) {

    public CheckoutWebConfig {
        maxBytes = maxBytes == null ? RestServerConf.DEFAULT_MAX_BYTES : maxBytes;
        if (upstreamTimeout == null || upstreamTimeout <= 0) {
            throw new ConfException("UpstreamTimeout: " + upstreamTimeout + " (expected ms > 0)");
        }
    }

    /** The HTTP server part. */
    public RestServerConf rest() {
        return RestServerConf.of(host, port, maxBytes, idleTimeout, readTimeout, maxHeaderBytes);
    }

    /** Path prefix -> the API serving it, in the order the page uses them. */
    public Map<String, URI> upstreams() {
        Map<String, URI> m = new LinkedHashMap<>();
        m.put("/usercenter/", base("UsercenterApi", usercenterApi));
        m.put("/order/", base("OrderApi", orderApi));
        m.put("/payment/", base("PaymentApi", paymentApi));
        return m;
    }

    private static URI base(String key, String url) {
        URI u;
        try {
            u = URI.create(url == null ? "" : url);
        } catch (IllegalArgumentException e) {
            throw new ConfException(key + ": " + url + " (expected http://host:port)");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null
                || !(u.getPath() == null || u.getPath().isEmpty())) {
            throw new ConfException(key + ": " + url + " (expected http://host:port, without a path)");
        }
        return u;
    }
}
