package looklook.pkg.wechat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import looklook.pkg.conf.OptionalKey;

/**
 * The {@code WxPay} config block: the merchant (MchId, SerialNo of its API certificate,
 * PrivateKeyPath), WeChat Pay's platform public key (PublicKeyId, PublicKeyPath), the APIv3Key
 * that decrypts notifies, the notify URLs, the AppId paying users come from and BaseUrl: empty
 * means real WeChat, otherwise requests go to that scheme/host/port (the sandbox). Timeout (ms,
 * default 5000) bounds each whole call: connecting, sending and reading the answer.
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
        @OptionalKey Long timeout) {

    public WxPayConf {
        baseUrl = baseUrl == null ? "" : baseUrl.trim();
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

    @Override
    public String toString() {
        // configs get logged; the APIv3 key decrypts every notify
        return "WxPayConf[mchId=" + mchId + ", serialNo=" + serialNo + ", privateKeyPath=" + privateKeyPath
                + ", publicKeyId=" + publicKeyId + ", publicKeyPath=" + publicKeyPath + ", apiV3Key=***, notifyUrl="
                + notifyUrl + ", refundNotifyUrl=" + refundNotifyUrl + ", baseUrl=" + baseUrl + ", appId=" + appId
                + ", timeout=" + timeout + "]";
    }
}
