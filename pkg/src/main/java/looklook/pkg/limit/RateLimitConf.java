package looklook.pkg.limit;

import java.util.List;
import java.util.Map;
import looklook.pkg.conf.OptionalKey;

/**
 * An API process's {@code RateLimit} block: the limits per route path, a {@code Scale} that
 * multiplies every quota (1 in production; the dev mesh and the bench raise it through env), and
 * the {@code TrustedProxies} (addresses or CIDRs) whose {@code X-Forwarded-For} names the client.
 */
public record RateLimitConf(@OptionalKey Long scale, @OptionalKey List<String> trustedProxies,
                            Map<String, RouteLimitConf> routes) {
    public RateLimitConf {
        scale = scale == null ? 1L : scale;
        if (scale < 1) {
            throw new IllegalArgumentException("Scale: " + scale + " (expected >= 1)");
        }
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        for (String path : routes.keySet()) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("Routes: " + path + " (expected a route path starting with /)");
            }
        }
    }
}
