package looklook.usercenter.rpc.config;

import looklook.pkg.conf.OptionalKey;

/**
 * The {@code Sms} block: which provider texts the codes. {@code sandbox} posts them to the
 * simulator's inbox at {@code BaseUrl} (dev and tests only); a real provider adds its own value
 * and keys here and an adapter in {@code looklook.usercenter.rpc.sms}.
 */
public record SmsConf(String provider, @OptionalKey String baseUrl, @OptionalKey Long timeout) {
    /** The provider that writes to wechat-sim's SMS inbox. */
    public static final String SANDBOX = "sandbox";

    public SmsConf {
        if (!SANDBOX.equals(provider)) {
            throw new IllegalArgumentException("Sms.Provider: " + provider + " (expected " + SANDBOX + ")");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("Sms.BaseUrl: missing (expected the simulator's URL for provider sandbox)");
        }
        timeout = timeout == null ? 3000L : timeout;
        if (timeout <= 0) {
            throw new IllegalArgumentException("Sms.Timeout: " + timeout + " (expected > 0 ms)");
        }
    }
}
