package looklook.pkg.wechat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.Locale;
import looklook.pkg.conf.OptionalKey;

/**
 * The {@code WxPay} config block: the merchant (MchId, SerialNo of its API certificate,
 * PrivateKeyPath), how WeChat Pay is verified: its public key (PublicKeyId, PublicKeyPath) and/or
 * its platform certificate (PlatformCertMode {@code file} with PlatformCertPath, or {@code auto}:
 * downloaded; see {@link PlatformCertMode}), at least one of them; both while WeChat migrates the
 * merchant from certificate to public key. Then the APIv3Key that decrypts notifies, the notify URLs, the AppId paying users come from and BaseUrl: empty
 * means real WeChat, otherwise requests go to that scheme/host/port (the sandbox). Timeout (ms,
 * default 5000) bounds each whole call: connecting, sending and reading the answer. Sandbox
 * (default false) admits an {@code http://} BaseUrl and notify URLs WeChat could not reach (see
 * {@link WechatEndpoints}); only the dev configuration sets it.
 */
public record WxPayConf(
        String mchId,
        String serialNo,
        String privateKeyPath,
        @OptionalKey String publicKeyId,
        @OptionalKey String publicKeyPath,
        @JsonProperty("APIv3Key") String apiV3Key,
        String notifyUrl,
        @OptionalKey String refundNotifyUrl,
        @OptionalKey String baseUrl,
        String appId,
        @OptionalKey Long timeout,
        @OptionalKey Boolean sandbox,
        @OptionalKey String platformCertMode,
        @OptionalKey String platformCertPath) {

    /** Where the real WeChat Pay API lives. */
    public static final String WECHAT_PAY = "https://api.mch.weixin.qq.com";

    public WxPayConf {
        baseUrl = baseUrl == null ? "" : baseUrl.trim();
        sandbox = sandbox != null && sandbox;
        timeout = timeout == null ? 5_000L : timeout;
        publicKeyId = publicKeyId == null ? "" : publicKeyId.trim();
        publicKeyPath = publicKeyPath == null ? "" : publicKeyPath.trim();
        platformCertMode = PlatformCertMode.parse(platformCertMode).name().toLowerCase(Locale.ROOT);
        platformCertPath = platformCertPath == null ? "" : platformCertPath.trim();
        if (!publicKeyId.isEmpty() && publicKeyPath.isEmpty()) {
            throw new IllegalArgumentException("PublicKeyPath: empty (expected the WeChat Pay public key file of " + publicKeyId + ")");
        }
        PlatformCertMode certMode = PlatformCertMode.parse(platformCertMode);
        if (certMode == PlatformCertMode.FILE && platformCertPath.isEmpty()) {
            throw new IllegalArgumentException("PlatformCertPath: empty (expected the platform certificate file for PlatformCertMode file)");
        }
        if (publicKeyId.isEmpty() && certMode == PlatformCertMode.OFF) {
            throw new IllegalArgumentException("PublicKeyId: empty and PlatformCertMode: off (expected the WeChat Pay public key, "
                    + "a platform certificate, or both)");
        }
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

    /** Not a sandbox; public-key mode only. */
    public WxPayConf(String mchId, String serialNo, String privateKeyPath, String publicKeyId, String publicKeyPath,
                     String apiV3Key, String notifyUrl, String refundNotifyUrl, String baseUrl, String appId, Long timeout) {
        this(mchId, serialNo, privateKeyPath, publicKeyId, publicKeyPath, apiV3Key, notifyUrl, refundNotifyUrl, baseUrl,
                appId, timeout, false);
    }

    /** Public-key mode only. */
    public WxPayConf(String mchId, String serialNo, String privateKeyPath, String publicKeyId, String publicKeyPath,
                     String apiV3Key, String notifyUrl, String refundNotifyUrl, String baseUrl, String appId, Long timeout,
                     Boolean sandbox) {
        this(mchId, serialNo, privateKeyPath, publicKeyId, publicKeyPath, apiV3Key, notifyUrl, refundNotifyUrl, baseUrl,
                appId, timeout, sandbox, null, null);
    }

    /** A copy verifying WeChat with the platform certificate too ({@code mode} file or auto; {@code path} for file). */
    public WxPayConf withPlatformCert(PlatformCertMode mode, String path) {
        return new WxPayConf(mchId, serialNo, privateKeyPath, publicKeyId, publicKeyPath, apiV3Key, notifyUrl,
                refundNotifyUrl, baseUrl, appId, timeout, sandbox, mode.name(), path);
    }

    /** A copy without the WeChat Pay public key (certificate mode alone). */
    public WxPayConf withoutPublicKey() {
        return new WxPayConf(mchId, serialNo, privateKeyPath, "", "", apiV3Key, notifyUrl, refundNotifyUrl, baseUrl, appId,
                timeout, sandbox, platformCertMode, platformCertPath);
    }

    /** True when the WeChat Pay public key is configured. */
    public boolean hasPublicKey() {
        return !publicKeyId.isEmpty();
    }

    /** How the platform certificate is had, if at all. */
    public PlatformCertMode certMode() {
        return PlatformCertMode.parse(platformCertMode);
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
                + ", timeout=" + timeout + ", sandbox=" + sandbox + ", platformCertMode=" + platformCertMode
                + ", platformCertPath=" + platformCertPath + "]";
    }
}
