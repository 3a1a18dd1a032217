package looklook.pkg.wechat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import looklook.pkg.conf.ConfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up gate on where a process talks to WeChat. Without {@code Sandbox: true} a process
 * refuses an {@code http://} BaseUrl (WeChat is https; plain http means a simulator or a typo that
 * would send the merchant's signed requests in clear) and a notify URL WeChat could not call back
 * (not https, or a loopback, private or link-local address, or localhost): such a config would take
 * money whose notifies never arrive. Each process logs the endpoints it runs with.
 */
public final class WechatEndpoints {
    private static final Logger log = LoggerFactory.getLogger(WechatEndpoints.class);
    /**
     * An IPv4 literal in any of the forms a resolver accepts: dotted quad, but also {@code 127.1},
     * the single number {@code 2130706433} and hex/octal parts ({@code 0x7f.1}), all loopback.
     */
    private static final Pattern IPV4 = Pattern.compile("^(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+)){0,3}$");

    private WechatEndpoints() {
    }

    /** Checks WeChat Pay's endpoints of {@code process} and logs them; a refusal names the key. */
    public static WxPayConf check(String process, WxPayConf pay) {
        if (!pay.sandbox()) {
            requireHttps("WxPayConf.BaseUrl", pay.baseUrl());
            requireReachable("WxPayConf.NotifyUrl", pay.notifyUrl());
            if (pay.refundNotifyUrl() != null) {
                requireReachable("WxPayConf.RefundNotifyUrl", pay.refundNotifyUrl());
            }
        }
        log.info("{} WeChat Pay: api {}, notify {}, refund notify {}, sandbox {}", process, pay.endpoint(),
                pay.notifyUrl(), pay.refundNotifyUrl() == null ? "-" : pay.refundNotifyUrl(), pay.sandbox() ? "on" : "off");
        return pay;
    }

    /** Checks the mini-program API endpoint of {@code process} and logs it. */
    public static WxMiniConf check(String process, WxMiniConf mini) {
        if (!mini.sandbox()) {
            requireHttps("WxMiniConf.BaseUrl", mini.baseUrl());
        }
        log.info("{} WeChat mini program: api {}, sandbox {}", process, mini.endpoint(), mini.sandbox() ? "on" : "off");
        return mini;
    }

    private static void requireHttps(String key, String baseUrl) {
        if (!baseUrl.isEmpty() && !"https".equalsIgnoreCase(URI.create(baseUrl).getScheme())) {
            throw new ConfException(key + ": " + baseUrl + " is not https (WeChat's API is https; "
                    + "an http base URL is only for the local sandbox, with Sandbox: true)");
        }
    }

    private static void requireReachable(String key, String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfException(key + ": " + url + " is not a URL");
        }
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new ConfException(key + ": " + url + " (expected an https URL WeChat can call; Sandbox: true admits others)");
        }
        if (internal(u.getHost())) {
            throw new ConfException(key + ": " + url + " names a host WeChat cannot reach (loopback, private or "
                    + "link-local; Sandbox: true admits it)");
        }
    }

    /** Loopback, private, link-local or unspecified, judged from a literal address or the name localhost (no DNS). */
    public static boolean internal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        boolean literal = IPV4.matcher(h).matches() || h.startsWith("[");
        if (!literal) {
            return false;
        }
        try {
            InetAddress a = h.startsWith("[") ? InetAddress.getByName(h.substring(1, h.length() - 1)) : ipv4(h);
            return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc); // IPv6 unique local fc00::/7
        } catch (UnknownHostException | NumberFormatException e) {
            return true; // a literal we cannot read is not one WeChat should be sent to either
        }
    }

    /** Reads the short and numeric IPv4 forms as inet_aton does (the last part fills the rest). */
    private static InetAddress ipv4(String h) throws UnknownHostException {
        String[] parts = h.split("\\.");
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            v[i] = p.startsWith("0x") ? Long.parseLong(p.substring(2), 16)
                    : p.length() > 1 && p.startsWith("0") ? Long.parseLong(p.substring(1), 8) : Long.parseLong(p);
        }
        long addr = 0;
        for (int i = 0; i < v.length - 1; i++) {
            addr = addr << 8 | (v[i] & 0xff);
        }
        int restBits = 8 * (4 - (v.length - 1));
        addr = addr << restBits | (v[v.length - 1] & ((1L << restBits) - 1));
        byte[] b = {(byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr};
        return InetAddress.getByAddress(b);
    }
}
