package looklook.pkg.limit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for per-address limits: the socket's peer, unless that peer is one of
 * our trusted proxies; then the nearest {@code X-Forwarded-For} hop that is not one of them (the
 * hops further left were written by the client and prove nothing). An IPv6 client is its /64,
 * since one subscriber usually holds a whole /64.
 */
public final class ClientAddress {
    /** IP literals only: a host name in a header must never reach a DNS lookup. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]{1,44}");

    private final List<Cidr> trusted;

    private ClientAddress(List<Cidr> trusted) {
        this.trusted = trusted;
    }

    /** Believes {@code X-Forwarded-For} only from these addresses or CIDRs (e.g. {@code 10.0.0.0/8}). */
    public static ClientAddress trusting(List<String> proxies) {
        return new ClientAddress(proxies.stream().map(Cidr::parse).toList());
    }

    /**
     * The client's key: {@code remoteAddr} is the socket peer, {@code forwardedFor} the values of
     * every {@code X-Forwarded-For} header in order (each a comma-separated list).
     */
    public String of(String remoteAddr, List<String> forwardedFor) {
        Optional<InetAddress> peer = parse(remoteAddr);
        if (peer.isEmpty()) {
            return "unknown";
        }
        InetAddress client = peer.get();
        if (isTrusted(client)) {
            String[] hops = String.join(",", forwardedFor).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                Optional<InetAddress> hop = parse(hops[i]);
                if (hop.isEmpty()) {
                    break; // a hop we cannot read: keep the last address we could vouch for
                }
                client = hop.get();
                if (!isTrusted(client)) {
                    break;
                }
            }
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress a) {
        for (Cidr c : trusted) { // a loop, not a stream: this runs on every limited request
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static String key(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = Arrays.copyOf(a.getAddress(), 16);
            Arrays.fill(b, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(b).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // 16 bytes is always an address
            }
        }
        return a.getHostAddress();
    }

    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        try {
            if (IPV4.matcher(s).matches()) {
                // built from its bytes: InetAddress.getByName would look up what is not a valid literal
                byte[] b = new byte[4];
                String[] parts = s.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    b[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(b));
            }
            // with a colon the JDK parses an IPv6 literal or refuses it, never a lookup
            return IPV6.matcher(s).matches() ? Optional.of(InetAddress.getByName(s)) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address block: {@code a.b.c.d/n}, an IPv6 prefix, or a single address. */
    private record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text : text.substring(0, slash);
            InetAddress a = ClientAddress.parse(addr).orElseThrow(() -> new IllegalArgumentException(
                    "TrustedProxies: " + text + " (expected an IP address or CIDR, e.g. 10.0.0.0/8)"));
            int max = a.getAddress().length * 8;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("TrustedProxies: " + text + " (expected a prefix length 0.." + max + ")");
            }
            return new Cidr(a.getAddress(), bits);
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
