package looklook.usercenter.api.config;

import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.limit.RateLimitConf;
import looklook.pkg.rest.RestServerConf;
import looklook.pkg.wechat.WxMiniConf;

/**
 * etc/usercenter-api.yaml.
 *
 * @param redis     where the rate limits are counted (shared by every replica)
 * @param rateLimit the limits per route (none when absent)
 */
public record UsercenterApiConfig(
        String name,
        String host,
        Integer port,
        Long maxBytes,
        DevServerConf devServer,
        JwtAuthConf jwtAuth,
        RpcClientConf usercenterRpcConf,
        WxMiniConf wxMiniConf,
        RedisConf redis,
        @OptionalKey RateLimitConf rateLimit) {

    public UsercenterApiConfig {
        maxBytes = maxBytes == null ? RestServerConf.DEFAULT_MAX_BYTES : maxBytes;
    }

    /** The HTTP server part. */
    public RestServerConf rest() {
        return new RestServerConf(host, port, maxBytes);
    }
}
