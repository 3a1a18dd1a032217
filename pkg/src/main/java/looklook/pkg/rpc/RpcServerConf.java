package looklook.pkg.rpc;

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
 */
public record RpcServerConf(String listenOn, @OptionalKey EtcdConf etcd, long timeoutMillis,
                            Map<String, Long> methodTimeouts, boolean auth, Map<String, String> apps,
                            boolean reflection) {
    public RpcServerConf {
        methodTimeouts = methodTimeouts == null ? Map.of() : Map.copyOf(methodTimeouts);
        apps = apps == null ? Map.of() : Map.copyOf(apps);
        if (auth && apps.isEmpty()) {
            throw new IllegalArgumentException("Apps: empty (expected the callers Auth admits, name: token)");
        }
        apps.forEach((app, token) -> {
            if (token.isBlank()) {
                throw new IllegalArgumentException("Apps." + app + ": empty token");
            }
        });
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
                + ", reflection=" + reflection + "]";
    }
}
