package looklook.pkg.wechat;

import java.net.URI;
import looklook.pkg.conf.OptionalKey;

/**
 * The {@code WxMiniConf} block: the mini program's AppId and AppSecret, and BaseUrl (empty means
 * https://api.weixin.qq.com, otherwise the sandbox). Timeout in ms per call. Sandbox (default
 * false) admits an {@code http://} BaseUrl (see {@link WechatEndpoints}); only the dev configuration sets it.
 */
public record WxMiniConf(String appId, String secret, @OptionalKey String baseUrl, @OptionalKey Long timeout,
                         @OptionalKey Boolean sandbox) {
    /** Where the real mini-program server API lives. */
    public static final String WECHAT = "https://api.weixin.qq.com";

    public WxMiniConf {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "" : baseUrl.trim().replaceAll("/+$", "");
        timeout = timeout == null ? 5_000L : timeout;
        sandbox = sandbox != null && sandbox;
        if (!baseUrl.isEmpty()) {
            URI u = URI.create(baseUrl);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("BaseUrl: " + baseUrl + " (expected scheme://host[:port], or empty for WeChat)");
            }
        }
        if (timeout <= 0) {
            throw new IllegalArgumentException("Timeout: " + timeout + " (expected > 0 ms)");
        }
    }

    /** Not a sandbox. */
    public WxMiniConf(String appId, String secret, String baseUrl, Long timeout) {
        this(appId, secret, baseUrl, timeout, false);
    }

    /** The base URL calls go to. */
    public String endpoint() {
        return baseUrl.isEmpty() ? WECHAT : baseUrl;
    }

    @Override
    public String toString() {
        return "WxMiniConf[appId=" + appId + ", secret=***, baseUrl=" + baseUrl + ", timeout=" + timeout + ", sandbox=" + sandbox + "]";
    }
}
