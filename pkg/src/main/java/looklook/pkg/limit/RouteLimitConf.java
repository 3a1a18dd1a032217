package looklook.pkg.limit;

import looklook.pkg.conf.OptionalKey;

/**
 * One route's limits: at most {@code PerIp} requests from one client address and {@code PerUser}
 * from one signed-in user per {@code Period} seconds (each optional, at least one set).
 * {@code FailOpen} says what the route does while Redis cannot count: serve unlimited (true) or
 * answer 503 (false, the default), chosen per route by what an unlimited caller could cost.
 */
public record RouteLimitConf(@OptionalKey Long perIp, @OptionalKey Long perUser, Long period,
                             @OptionalKey Boolean failOpen) {
    public RouteLimitConf {
        failOpen = failOpen != null && failOpen;
        if (perIp == null && perUser == null) {
            throw new IllegalArgumentException("a route limit needs PerIp or PerUser (or both)");
        }
        if (perIp != null && perIp < 1 || perUser != null && perUser < 1) {
            throw new IllegalArgumentException("PerIp " + perIp + ", PerUser " + perUser + " (expected >= 1 request)");
        }
        if (period != null && period < 1) {
            throw new IllegalArgumentException("Period: " + period + " (expected >= 1 second)");
        }
    }
}
