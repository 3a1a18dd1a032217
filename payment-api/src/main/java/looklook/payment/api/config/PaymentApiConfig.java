package looklook.payment.api.config;

import looklook.pkg.alipay.AlipayConf;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.limit.RateLimitConf;
import looklook.pkg.rest.RestServerConf;
import looklook.pkg.wechat.WxPayConf;

/**
 * etc/payment-api.yaml; {@code Redis} holds the revoked sessions every token is checked against.
 *
 * @param queryWaitingPaymentAfter ms after its creation from which the status poll asks the provider
 *                                 about a payment still waiting (default 10000): the notify may be lost
 * @param notifyAudit              how much of WeChat's notifies goes to the audit (bytes queued, refused per minute)
 * @param queryWaitingPaymentEvery  ms: the provider is asked about one payment at most once per this window
 *                                 (default 10000), however many pollers and replicas there are
 * @param rateLimit                the limits per route (none when absent)
 * @param alipayConf               Alipay: the precreate and the notify's checks (app, merchant, Alipay's key)
 */
public record PaymentApiConfig(
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
        RpcClientConf paymentRpcConf,
        RpcClientConf usercenterRpcConf,
        WxPayConf wxPayConf,
        AlipayConf alipayConf,
        @OptionalKey Long queryWaitingPaymentAfter,
        @OptionalKey NotifyAuditConf notifyAudit,
        @OptionalKey Long queryWaitingPaymentEvery,
        @OptionalKey RateLimitConf rateLimit) {

    public PaymentApiConfig {
        maxBytes = maxBytes == null ? RestServerConf.DEFAULT_MAX_BYTES : maxBytes;
        queryWaitingPaymentAfter = queryWaitingPaymentAfter == null ? 10_000L : queryWaitingPaymentAfter;
        notifyAudit = notifyAudit == null ? NotifyAuditConf.defaults() : notifyAudit;
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
        return RestServerConf.of(host, port, maxBytes, idleTimeout, readTimeout, maxHeaderBytes);
    }
}
