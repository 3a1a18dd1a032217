package looklook.usercenter.rpc.config;

import looklook.pkg.conf.OptionalKey;

/**
 * The {@code Sms} block: which provider texts the codes. {@code sandbox} posts them to the
 * simulator's inbox at {@code BaseUrl} (dev and tests only); a real provider adds its own value
 * and keys here and an adapter in {@code looklook.usercenter.rpc.sms}. The sandbox provider needs
 * {@code Sandbox: true}, which only the dev configuration sets: in production it would text nobody
 * and leave every code readable in the simulator's inbox.
 */
public record SmsConf(String provider, @OptionalKey String baseUrl, @OptionalKey Long timeout, @OptionalKey Boolean sandbox) {
    /** The provider that writes to sandbox's SMS inbox. */
    public static final String SANDBOX = "sandbox";

    public SmsConf {
        if (!SANDBOX.equals(provider)) {
            throw new IllegalArgumentException("Sms.Provider: " + provider + " (expected " + SANDBOX + ")");
        }
        if (!Boolean.TRUE.equals(sandbox)) {
            throw new IllegalArgumentException("Sms.Provider: " + SANDBOX
                    + " needs Sms.Sandbox: true (a dev mesh only; production needs a real SMS provider)");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("Sms.BaseUrl: missing (expected the simulator's URL for provider sandbox)");
        }
        timeout = timeout == null ? 3000L : timeout;
        if (timeout <= 0) {
            throw new IllegalArgumentException("Sms.Timeout: " + timeout + " (expected > 0 ms)");
        }
    }

    /** The local sandbox provider at {@code baseUrl} (dev and tests). */
    public static SmsConf sandbox(String baseUrl, long timeout) {
        return new SmsConf(SANDBOX, baseUrl, timeout, true);
    }
}
