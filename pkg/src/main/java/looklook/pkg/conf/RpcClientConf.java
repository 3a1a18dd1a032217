package looklook.pkg.conf;

import java.util.List;
import java.util.Map;

/**
 * go-zero's zrpc.RpcClientConf: find the server through etcd ({@code Etcd.Hosts} + {@code Etcd.Key})
 * or dial fixed {@code Endpoints}; {@code Timeout} is the default unary deadline in ms, and
 * {@code MethodTimeouts} overrides it per method name.
 */
public record RpcClientConf(
        @OptionalKey EtcdConf etcd,
        @OptionalKey List<String> endpoints,
        Long timeout,
        Map<String, Long> methodTimeouts) {
    public RpcClientConf {
        if (etcd == null && (endpoints == null || endpoints.isEmpty())) {
            throw new IllegalArgumentException("needs Etcd (Hosts, Key) or Endpoints");
        }
        timeout = timeout == null ? 2000L : timeout;
        if (timeout <= 0) {
            throw new IllegalArgumentException("Timeout: " + timeout + " (expected > 0 ms)");
        }
        methodTimeouts = methodTimeouts == null ? Map.of() : Map.copyOf(methodTimeouts);
        endpoints = endpoints == null ? null : List.copyOf(endpoints);
    }

    /** A client that dials fixed endpoints. */
    public static RpcClientConf direct(List<String> endpoints) {
        return new RpcClientConf(null, endpoints, null, null);
    }

    /** A client that discovers servers through etcd. */
    public static RpcClientConf etcd(List<String> hosts, String key) {
        return new RpcClientConf(new EtcdConf(hosts, key), null, null, null);
    }
}
