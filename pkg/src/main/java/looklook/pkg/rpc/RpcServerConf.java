package looklook.pkg.rpc;

import java.util.List;
import java.util.Map;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.OptionalKey;

/**
 * The server half of go-zero's zrpc.RpcServerConf: where to listen, where to register (optional:
 * without Etcd the server is only dialled directly), the server-side call timeout in ms, and
 * per-method overrides by bare method name ({@code SettleOrderPayments: 20000}), so a method that
 * legitimately runs long is not cut by the default while its client still waits.
 *
 * <p>{@code Auth: true} refuses every call (health checks aside) whose metadata {@code app} +
 * {@code token} is not a pair of {@code Apps} (caller name to its token), as go-zero's zrpc does
 * with {@code Auth}; {@code Reflection: true} serves gRPC server reflection (for grpcurl; off by default).
 * {@code MethodApps} narrows a method to some of the callers ({@code RefundPayment: [order-mq, ops]}):
 * a token proves who calls, this says what that caller may do, so an internet-facing API's token
 * cannot move money it never moves (zrpc has no such list; it is ours).
 */
public record RpcServerConf(String listenOn, @OptionalKey EtcdConf etcd, long timeoutMillis,
                            Map<String, Long> methodTimeouts, boolean auth, Map<String, String> apps,
                            boolean reflection, Map<String, List<String>> methodApps) {
    public RpcServerConf {
        methodTimeouts = methodTimeouts == null ? Map.of() : Map.copyOf(methodTimeouts);
        apps = apps == null ? Map.of() : Map.copyOf(apps);
        methodApps = methodApps == null ? Map.of() : Map.copyOf(methodApps);
        for (Map.Entry<String, List<String>> m : methodApps.entrySet()) {
            for (String app : m.getValue()) {
                if (!apps.containsKey(app)) {
                    throw new IllegalArgumentException("MethodApps." + m.getKey() + ": " + app + " (expected one of Apps "
                            + apps.keySet() + ")");
                }
            }
        }
        if (auth && apps.isEmpty()) {
            throw new IllegalArgumentException("Apps: empty (expected the callers Auth admits, name: token)");
        }
        apps.forEach((app, token) -> {
            if (token.isBlank()) {
                throw new IllegalArgumentException("Apps." + app + ": empty token");
            }
        });
    }

    /** Every admitted caller may call every method. */
    public RpcServerConf(String listenOn, EtcdConf etcd, long timeoutMillis, Map<String, Long> methodTimeouts, boolean auth,
                         Map<String, String> apps, boolean reflection) {
        this(listenOn, etcd, timeoutMillis, methodTimeouts, auth, apps, reflection, null);
    }

    /** Unauthenticated, without reflection (in-process tests and servers only dialled by their own process). */
    public RpcServerConf(String listenOn, EtcdConf etcd, long timeoutMillis, Map<String, Long> methodTimeouts) {
        this(listenOn, etcd, timeoutMillis, methodTimeouts, false, null, false);
    }

    /** Unauthenticated, without reflection and per-method overrides. */
    public RpcServerConf(String listenOn, EtcdConf etcd, long timeoutMillis) {
        this(listenOn, etcd, timeoutMillis, Map.of());
    }

    /** The timeout of {@code bareMethodName} in ms. */
    public long timeoutMillis(String bareMethodName) {
        return methodTimeouts.getOrDefault(bareMethodName, timeoutMillis);
    }

    @Override
    public String toString() {
        return "RpcServerConf[listenOn=" + listenOn + ", etcd=" + etcd + ", timeoutMillis=" + timeoutMillis
                + ", methodTimeouts=" + methodTimeouts + ", auth=" + auth + ", apps=" + apps.keySet()
                + ", reflection=" + reflection + ", methodApps=" + methodApps + "]";
    }
}
