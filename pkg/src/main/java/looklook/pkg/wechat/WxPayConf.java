package looklook.pkg.wechat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import looklook.pkg.conf.OptionalKey;

/**
 * The {@code WxPay} config block: the merchant (MchId, SerialNo of its API certificate,
 * PrivateKeyPath), WeChat Pay's platform public key (PublicKeyId, PublicKeyPath), the APIv3Key
 * that decrypts notifies, the notify URLs, the AppId paying users come from and BaseUrl: empty
 * means real WeChat, otherwise requests go to that scheme/host/port (the sandbox). Timeout (ms,
 * default 5000) bounds each whole call: connecting, sending and reading the answer. Sandbox
 * (default false) admits an {@code http://} BaseUrl and notify URLs WeChat could not reach (see
 * {@link WechatEndpoints}); only the dev configuration sets it.
 */
public record WxPayConf(
        String mchId,
        String serialNo,
        String privateKeyPath,
        String publicKeyId,
        String publicKeyPath,
        @JsonProperty("APIv3Key") String apiV3Key,
        String notifyUrl,
        @OptionalKey String refundNotifyUrl,
        @OptionalKey String baseUrl,
        String appId,
        @OptionalKey Long timeout,
        @OptionalKey Boolean sandbox) {

    /** Where the real WeChat Pay API lives. */
    public static final String WECHAT_PAY = "https://api.mch.weixin.qq.com";

    public WxPayConf {
        baseUrl = baseUrl == null ? "" : baseUrl.trim();
        sandbox = sandbox != null && sandbox;
        timeout = timeout == null ? 5_000L : timeout;
        if (apiV3Key != null && apiV3Key.length() != 32) {
            throw new IllegalArgumentException("APIv3Key: " + apiV3Key.length() + " characters (expected exactly 32)");
        }
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
    public WxPayConf(String mchId, String serialNo, String privateKeyPath, String publicKeyId, String publicKeyPath,
                     String apiV3Key, String notifyUrl, String refundNotifyUrl, String baseUrl, String appId, Long timeout) {
        this(mchId, serialNo, privateKeyPath, publicKeyId, publicKeyPath, apiV3Key, notifyUrl, refundNotifyUrl, baseUrl,
                appId, timeout, false);
    }

    /** Where the calls go: BaseUrl, or WeChat Pay when it is empty. */
    public String endpoint() {
        return baseUrl.isEmpty() ? WECHAT_PAY : baseUrl;
    }

    @Override
    public String toString() {
        // configs get logged; the APIv3 key decrypts every notify
        return "WxPayConf[mchId=" + mchId + ", serialNo=" + serialNo + ", privateKeyPath=" + privateKeyPath
                + ", publicKeyId=" + publicKeyId + ", publicKeyPath=" + publicKeyPath + ", apiV3Key=***, notifyUrl="
                + notifyUrl + ", refundNotifyUrl=" + refundNotifyUrl + ", baseUrl=" + baseUrl + ", appId=" + appId
                + ", timeout=" + timeout + ", sandbox=" + sandbox + "]";
    }
}
