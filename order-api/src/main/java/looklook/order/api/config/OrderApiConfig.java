package looklook.order.api.config;

import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.limit.RateLimitConf;
import looklook.pkg.rest.RestServerConf;

/**
 * etc/order-api.yaml.
 *
 * @param redis     the revoked sessions every token is checked against, and the rate limits'
 *                  counts (shared by every replica)
 * @param rateLimit the limits per route (none when absent)
 */
public record OrderApiConfig(
        String name,
        String host,
        Integer port,
        Long maxBytes,
        @OptionalKey Long idleTimeout,
        @OptionalKey Long readTimeout,
        @OptionalKey Integer maxHeaderBytes,
        DevServerConf devServer,
        JwtAuthConf jwtAuth,
        RedisConf redis,
        RpcClientConf orderRpcConf,
        @OptionalKey RateLimitConf rateLimit) {

    public OrderApiConfig {
        maxBytes = maxBytes == null ? RestServerConf.DEFAULT_MAX_BYTES : maxBytes;
    }

    /** The HTTP server part. */
    public RestServerConf rest() {
        return RestServerConf.of(host, port, maxBytes, idleTimeout, readTimeout, maxHeaderBytes);
    }
}
