package looklook.pkg.conf;

import java.util.List;
import java.util.Map;

/**
 * go-zero's zrpc.RpcClientConf: find the server through etcd ({@code Etcd.Hosts} + {@code Etcd.Key})
 * or dial fixed {@code Endpoints}; {@code Timeout} is the default unary deadline in ms, and
 * {@code MethodTimeouts} overrides it per method name. {@code App} and {@code Token} are this
 * caller's credential, sent on every call as go-zero's zrpc does (metadata {@code app}, {@code token});
 * a server with {@code Auth: true} refuses a call without a pair it lists.
 */
public record RpcClientConf(
        @OptionalKey EtcdConf etcd,
        @OptionalKey List<String> endpoints,
        Long timeout,
        Map<String, Long> methodTimeouts,
        @OptionalKey String app,
        @OptionalKey String token) {
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
        app = app == null ? "" : app.trim();
        token = token == null ? "" : token;
        if (app.isEmpty() != token.isEmpty()) {
            throw new IllegalArgumentException(app.isEmpty() ? "App: empty (expected the caller's name beside its Token)"
                    : "Token: empty (expected the credential of App " + app + ")");
        }
    }

    /** Without a credential (a server with {@code Auth: false}). */
    public RpcClientConf(EtcdConf etcd, List<String> endpoints, Long timeout, Map<String, Long> methodTimeouts) {
        this(etcd, endpoints, timeout, methodTimeouts, null, null);
    }

    /** A client that dials fixed endpoints. */
    public static RpcClientConf direct(List<String> endpoints) {
        return new RpcClientConf(null, endpoints, null, null);
    }

    /** A client that discovers servers through etcd. */
    public static RpcClientConf etcd(List<String> hosts, String key) {
        return new RpcClientConf(new EtcdConf(hosts, key), null, null, null);
    }

    /** The same client calling as {@code app} with {@code token}. */
    public RpcClientConf withCredential(String app, String token) {
        return new RpcClientConf(etcd, endpoints, timeout, methodTimeouts, app, token);
    }

    /** True when calls carry a credential. */
    public boolean hasCredential() {
        return !app.isEmpty();
    }

    @Override
    public String toString() {
        return "RpcClientConf[etcd=" + etcd + ", endpoints=" + endpoints + ", timeout=" + timeout + ", methodTimeouts="
                + methodTimeouts + ", app=" + app + ", token=" + (token.isEmpty() ? "" : "***") + "]";
    }
}
