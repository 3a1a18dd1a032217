package looklook.payment.api.config;

import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.limit.RateLimitConf;
import looklook.pkg.rest.RestServerConf;
import looklook.pkg.wechat.WxPayConf;

/**
 * etc/payment-api.yaml.
 *
 * @param queryWaitingPaymentAfter ms after its creation from which the status poll asks WeChat
 *                                 about a payment still waiting (default 10000): the notify may be lost
 * @param queryWaitingPaymentEvery  ms: WeChat is asked about one payment at most once per this window
 *                                 (default 10000), however many pollers and replicas there are
 * @param redis                    where the rate limits and the query windows are kept (shared by replicas)
 * @param rateLimit                the limits per route (none when absent)
 */
public record PaymentApiConfig(
        String name,
        String host,
        Integer port,
        Long maxBytes,
        DevServerConf devServer,
        JwtAuthConf jwtAuth,
        RpcClientConf orderRpcConf,
        RpcClientConf paymentRpcConf,
        RpcClientConf usercenterRpcConf,
        WxPayConf wxPayConf,
        @OptionalKey Long queryWaitingPaymentAfter,
        @OptionalKey Long queryWaitingPaymentEvery,
        RedisConf redis,
        @OptionalKey RateLimitConf rateLimit) {

    public PaymentApiConfig {
        maxBytes = maxBytes == null ? RestServerConf.DEFAULT_MAX_BYTES : maxBytes;
        queryWaitingPaymentAfter = queryWaitingPaymentAfter == null ? 10_000L : queryWaitingPaymentAfter;
        if (queryWaitingPaymentAfter < 0) {
            throw new IllegalArgumentException("QueryWaitingPaymentAfter: " + queryWaitingPaymentAfter + " (expected >= 0 ms)");
        }
        queryWaitingPaymentEvery = queryWaitingPaymentEvery == null ? 10_000L : queryWaitingPaymentEvery;
        if (queryWaitingPaymentEvery < 1) {
            throw new IllegalArgumentException("QueryWaitingPaymentEvery: " + queryWaitingPaymentEvery + " (expected >= 1 ms)");
        }
    }

    /** The HTTP server part. */
    public RestServerConf rest() {
        return new RestServerConf(host, port, maxBytes);
    }
}
