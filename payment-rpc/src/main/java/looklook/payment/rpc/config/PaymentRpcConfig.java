package looklook.payment.rpc.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import looklook.pkg.alipay.AlipayConf;
import looklook.pkg.conf.DbConf;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.ids.ProcessSns;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.wechat.WxPayConf;
import looklook.pkg.refund.CancellationPolicy;
import looklook.pkg.rpc.RpcServerConf;

/**
 * etc/payment-rpc.yaml.
 *
 * @param methodTimeouts server timeouts (ms) of the methods that legitimately run longer than
 *                  {@code Timeout} (settle, reconcile, refund ask WeChat once per payment); each
 *                  should exceed its callers' client deadline, which then governs
 * @param kafkaConf where the outbox relay publishes the pay status events
 * @param wxPayConf WeChat Pay, which the close job and the reconcile tick query through this process
 * @param workerId  the sn generator's worker id (0..999) when there is no Etcd (a single process
 *                  dialled directly, e.g. in tests); with Etcd it is leased there, so that two
 *                  replicas never share one, and this key must be absent
 * @param expiryGraceSeconds how far WeChat's clock may be from ours (default 60): a payment WeChat never
 *                  heard of is given up only this long after its time_expire
 * @param auth       go-zero's zrpc Auth: refuse calls without a credential of {@code Apps} (absent = false)
 * @param apps       the callers admitted with Auth: app name to its token (metadata app + token)
 * @param reflection serve gRPC server reflection (for grpcurl; absent = false)
 * @param notifyRetentionDays days the WeChat Pay notify audit rows are kept (default 30)
 * @param orderRpcConf where the orders are: the refund quote reads an order's state, check-in date and owner
 *                  there (required in the file; null only for tests that never quote)
 * @param cancellationPolicy what a guest's cancellation refunds (default {@link CancellationPolicy#DEFAULT})
 * @param refundSpacingMs ms between asking WeChat for two refunds of one payment (default 61000: WeChat
 *                  refuses a second refund within a minute, FREQUENCY_LIMITED; a second more for clocks apart)
 * @param refundQueryAfterMs ms after WeChat accepted a refund that the refund pump queries it if no notify
 *                  settled it (default 60000; WeChat settles most refunds within seconds to minutes)
 * @param methodApps the callers a method is kept for (the money-moving ones; absent: every admitted caller)
 * @param alipayConf Alipay, the channel of the payments with pay_mode ALIPAY (absent: that channel is off)
 */
public record PaymentRpcConfig(
        String name,
        String listenOn,
        @OptionalKey EtcdConf etcd,
        Long timeout,
        Map<String, Long> methodTimeouts,
        DevServerConf devServer,
        @JsonProperty("DB") DbConf db,
        KafkaConf kafkaConf,
        WxPayConf wxPayConf,
        @OptionalKey Integer workerId,
        @OptionalKey Long expiryGraceSeconds,
        @OptionalKey Boolean auth,
        @OptionalKey Map<String, String> apps,
        @OptionalKey Boolean reflection,
        @OptionalKey Integer notifyRetentionDays,
        RpcClientConf orderRpcConf,
        @OptionalKey CancellationPolicy cancellationPolicy,
        @OptionalKey Long refundSpacingMs,
        @OptionalKey Long refundQueryAfterMs,
        @OptionalKey Map<String, List<String>> methodApps,
        @OptionalKey AlipayConf alipayConf) {

    public PaymentRpcConfig {
        timeout = timeout == null ? 2000L : timeout;
        expiryGraceSeconds = expiryGraceSeconds == null ? 60L : expiryGraceSeconds;
        if (expiryGraceSeconds < 0) {
            throw new IllegalArgumentException("ExpiryGraceSeconds: " + expiryGraceSeconds + " (expected >= 0)");
        }
        notifyRetentionDays = notifyRetentionDays == null ? 30 : notifyRetentionDays;
        if (notifyRetentionDays < 1) {
            throw new IllegalArgumentException("NotifyRetentionDays: " + notifyRetentionDays + " (expected >= 1)");
        }
        ProcessSns.checkWorkerId(etcd, workerId);
        cancellationPolicy = cancellationPolicy == null ? CancellationPolicy.DEFAULT : cancellationPolicy;
        refundSpacingMs = refundSpacingMs == null ? 61_000L : refundSpacingMs;
        if (refundSpacingMs < 0) {
            throw new IllegalArgumentException("RefundSpacingMs: " + refundSpacingMs + " (expected >= 0)");
        }
        refundQueryAfterMs = refundQueryAfterMs == null ? 60_000L : refundQueryAfterMs;
        if (refundQueryAfterMs < 100) {
            throw new IllegalArgumentException("RefundQueryAfterMs: " + refundQueryAfterMs + " (expected >= 100)");
        }
    }

    /** Without caller authentication and reflection. */
    public PaymentRpcConfig(String name, String listenOn, EtcdConf etcd, Long timeout, Map<String, Long> methodTimeouts,
                            DevServerConf devServer, DbConf db, KafkaConf kafkaConf, WxPayConf wxPayConf, Integer workerId,
                            Long expiryGraceSeconds) {
        this(name, listenOn, etcd, timeout, methodTimeouts, devServer, db, kafkaConf, wxPayConf, workerId,
                expiryGraceSeconds, null, null, null, null, null, null, null, null, null, null);
    }

    /** The gRPC server part. */
    public RpcServerConf rpcServer() {
        return new RpcServerConf(listenOn, etcd, timeout, methodTimeouts, Boolean.TRUE.equals(auth), apps,
                Boolean.TRUE.equals(reflection), methodApps);
    }
}
