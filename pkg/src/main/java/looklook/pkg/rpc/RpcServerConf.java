package looklook.pkg.rpc;

import java.util.Map;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.OptionalKey;

/**
 * The server half of go-zero's zrpc.RpcServerConf: where to listen, where to register (optional:
 * without Etcd the server is only dialled directly), the server-side call timeout in ms, and
 * per-method overrides by bare method name ({@code SettleOrderPayments: 20000}), so a method that
 * legitimately runs long is not cut by the default while its client still waits.
 */
public record RpcServerConf(String listenOn, @OptionalKey EtcdConf etcd, long timeoutMillis,
                            Map<String, Long> methodTimeouts) {
    public RpcServerConf {
        methodTimeouts = methodTimeouts == null ? Map.of() : Map.copyOf(methodTimeouts);
    }

    /** Without per-method overrides. */
    public RpcServerConf(String listenOn, EtcdConf etcd, long timeoutMillis) {
        this(listenOn, etcd, timeoutMillis, Map.of());
    }

    /** The timeout of {@code bareMethodName} in ms. */
    public long timeoutMillis(String bareMethodName) {
        return methodTimeouts.getOrDefault(bareMethodName, timeoutMillis);
    }
}
