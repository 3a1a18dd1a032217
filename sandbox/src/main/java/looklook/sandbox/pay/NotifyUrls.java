package looklook.sandbox.pay;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import looklook.sandbox.WxError;

/**
 * WeChat's rule for a {@code notify_url} (prepay and refund docs: "an address reachable from the
 * internet, no parameters", string(256)): an absolute http(s) URL without query or fragment, at most
 * 256 characters. Strict mode adds what production WeChat enforces on top (https only, a public
 * host), which a local mesh calling back to 127.0.0.1 cannot meet, so it is off unless configured.
 */
public final class NotifyUrls {
    private static final int MAX_LENGTH = 256;
    /** Host literals: only these are resolved, so a check never waits for DNS. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final boolean strict;

    /** {@code strict}: also require https and a public host. */
    public NotifyUrls(boolean strict) {
        this.strict = strict;
    }

    /** {@code url} if WeChat would accept it as {@code field}; otherwise 400 PARAM_ERROR naming the field. */
    public String check(String field, String url) {
        if (url.length() > MAX_LENGTH) {
            throw refused(field, url, url.length() + " characters (expected at most " + MAX_LENGTH + ")");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw refused(field, url, "not a URL (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || u.getHost() == null) {
            throw refused(field, url, "expected an absolute http(s) URL with a host");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw refused(field, url, "expected no query string and no fragment: WeChat calls it without parameters");
        }
        if (strict && !scheme.equals("https")) {
            throw refused(field, url, "expected https");
        }
        if (strict && !publicHost(u.getHost())) {
            throw refused(field, url, "expected a host reachable from the internet, not a loopback, private or link-local one");
        }
        return url;
    }

    private static boolean publicHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return false;
        }
        boolean literal = IPV4.matcher(h).matches() || h.startsWith("[");
        if (!literal) {
            return true;
        }
        try {
            InetAddress a = InetAddress.getByName(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
            boolean uniqueLocalV6 = a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc;
            return !(a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || uniqueLocalV6);
        } catch (UnknownHostException e) {
            return false; // 999.1.1.1: no address at all
        }
    }

    private static WxError refused(String field, String url, String why) {
        return WxError.param(field + ": " + url + " (" + why + ")");
    }
}
