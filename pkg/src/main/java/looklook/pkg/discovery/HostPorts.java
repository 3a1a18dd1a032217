package looklook.pkg.discovery;

import java.net.InetSocketAddress;

/** Parses the {@code host:port} strings that etcd and configs hold. */
public final class HostPorts {
    private HostPorts() {
    }

    /** {@code "127.0.0.1:2004"} or {@code "[::1]:2004"} to a socket address. */
    public static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException(hostPort + " (expected host:port)");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(hostPort + " (expected a numeric port)", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(hostPort + " (expected a port in 0..65535)");
        }
        return new InetSocketAddress(host, port);
    }
}
