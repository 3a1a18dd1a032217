package looklook.pkg.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/**
 * What a server listening on {@code 0.0.0.0} tells others to dial: the first up, non-loopback
 * IPv4 address (go-zero's netx.InternalIp), or loopback on a machine that has none.
 */
public final class InternalIp {
    private InternalIp() {
    }

    /** {@code host:port} to advertise for a server bound to {@code host:port}. */
    public static String advertised(String host, int port) {
        String h = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? firstIpv4().orElse("127.0.0.1") : host;
        return h + ":" + port;
    }

    static Optional<String> firstIpv4() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback() || nif.isVirtual()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
