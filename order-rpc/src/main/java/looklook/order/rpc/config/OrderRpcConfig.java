package looklook.order.rpc.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import looklook.pkg.conf.DbConf;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.ids.ProcessSns;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.rpc.RpcServerConf;

/**
 * etc/order-rpc.yaml.
 *
 * @param workerId        the sn generator's worker id (0..999) when there is no Etcd (a single
 *                        process dialled directly, e.g. in tests); with Etcd it is leased there,
 *                        so that two replicas never share one, and this key must be absent
 * @param redis           the job queue the outbox relay puts close jobs on
 * @param jobNamespace    the job queue's key namespace (default the mesh's; tests use their own)
 * @param closeOrderDelay seconds after creation at which a still unpaid order is closed (default 1800)
 * @param auth       go-zero's zrpc Auth: refuse calls without a credential of {@code Apps} (absent = false)
 * @param apps       the callers admitted with Auth: app name to its token (metadata app + token)
 * @param reflection serve gRPC server reflection (for grpcurl; absent = false)
 * @param maxUnpaidOrders how many orders one user may have waiting for payment (default 5; 0: no bound)
 * @param methodApps the callers a method is kept for (absent: every admitted caller may call every method)
 */
public record OrderRpcConfig(
        String name,
        String listenOn,
        @OptionalKey EtcdConf etcd,
        Long timeout,
        DevServerConf devServer,
        @JsonProperty("DB") DbConf db,
        RedisConf redis,
        String jobNamespace,
        @OptionalKey Integer workerId,
        Long closeOrderDelay,
        @OptionalKey Boolean auth,
        @OptionalKey Map<String, String> apps,
        @OptionalKey Boolean reflection,
        @OptionalKey Integer maxUnpaidOrders,
        @OptionalKey Map<String, List<String>> methodApps) {

    public OrderRpcConfig {
        timeout = timeout == null ? 2000L : timeout;
        closeOrderDelay = closeOrderDelay == null ? 1800L : closeOrderDelay;
        jobNamespace = jobNamespace == null ? JobClient.DEFAULT_NAMESPACE : jobNamespace;
        if (closeOrderDelay <= 0) {
            throw new IllegalArgumentException("CloseOrderDelay: " + closeOrderDelay + " (expected > 0 seconds)");
        }
        maxUnpaidOrders = maxUnpaidOrders == null ? 5 : maxUnpaidOrders;
        if (maxUnpaidOrders < 0) {
            throw new IllegalArgumentException("MaxUnpaidOrders: " + maxUnpaidOrders + " (expected >= 0; 0 means no bound)");
        }
        ProcessSns.checkWorkerId(etcd, workerId);
    }


    /** The gRPC server part. */
    public RpcServerConf rpcServer() {
        return new RpcServerConf(listenOn, etcd, timeout, Map.of(), Boolean.TRUE.equals(auth), apps, Boolean.TRUE.equals(reflection),
                methodApps);
    }
}
