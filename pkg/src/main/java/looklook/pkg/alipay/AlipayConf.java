package looklook.pkg.alipay;

import java.net.URI;
import looklook.pkg.conf.OptionalKey;

/**
 * The {@code AlipayConf} config block: the application (AppId, the app's private key at
 * PrivateKeyPath), the merchant it collects for (SellerId, the 2088... PID every notify and query
 * names), Alipay's public key (AlipayPublicKeyPath) that verifies answers and notifies, the open
 * gateway (GatewayUrl, default Alipay's own), the async notify URL, Timeout (ms, default 5000) for
 * connecting and for reading an answer, and Sandbox (default false), which admits an {@code http://}
 * gateway and a notify URL Alipay could not reach (see {@link AlipayEndpoints}). Keys are PEM files
 * (PKCS#8 private, SPKI public), as the open platform's key tool writes them. An empty AppId (and
 * nothing else set) is "Alipay not offered": a WeChat-only deployment starts without Alipay keys.
 */
public record AlipayConf(
        @OptionalKey String appId,
        @OptionalKey String sellerId,
        @OptionalKey String privateKeyPath,
        @OptionalKey String alipayPublicKeyPath,
        @OptionalKey String gatewayUrl,
        @OptionalKey String notifyUrl,
        @OptionalKey Boolean sandbox,
        @OptionalKey Long timeout) {

    /** True when Alipay is offered (an application is configured). */
    public boolean offered() {
        return !appId.isEmpty();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Alipay's production open gateway. */
    public static final String ALIPAY_GATEWAY = "https://openapi.alipay.com/gateway.do";

    public AlipayConf {
        gatewayUrl = gatewayUrl == null || gatewayUrl.isBlank() ? ALIPAY_GATEWAY : gatewayUrl.trim();
        sandbox = sandbox != null && sandbox;
        timeout = timeout == null ? 5_000L : timeout;
        boolean notOffered = isBlank(appId) && isBlank(sellerId) && isBlank(privateKeyPath) && isBlank(alipayPublicKeyPath)
                && isBlank(notifyUrl);
        if (notOffered) {
            appId = "";
        } else {
            validate(appId, sellerId, gatewayUrl, timeout);
            for (String[] k : new String[][] {{"PrivateKeyPath", privateKeyPath}, {"AlipayPublicKeyPath", alipayPublicKeyPath},
                    {"NotifyUrl", notifyUrl}}) {
                if (isBlank(k[1])) {
                    throw new IllegalArgumentException(k[0] + ": empty (expected with AppId set)");
                }
            }
        }
    }

    private static void validate(String appId, String sellerId, String gatewayUrl, long timeout) {
        if (appId == null || !appId.matches("[0-9]{16}")) {
            throw new IllegalArgumentException("AppId: " + appId + " (expected Alipay's 16-digit application id)");
        }
        if (sellerId == null || !sellerId.matches("2088[0-9]{12}")) {
            throw new IllegalArgumentException("SellerId: " + sellerId + " (expected the merchant's PID, 2088 + 12 digits)");
        }
        URI u = URI.create(gatewayUrl);
        if (u.getScheme() == null || u.getHost() == null) {
            throw new IllegalArgumentException("GatewayUrl: " + gatewayUrl + " (expected scheme://host[:port]/gateway.do)");
        }
        if (timeout <= 0 || timeout > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Timeout: " + timeout + " (expected 1.." + Integer.MAX_VALUE + " ms)");
        }
    }
}
