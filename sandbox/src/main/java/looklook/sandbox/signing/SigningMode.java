package looklook.sandbox.signing;

import java.util.Locale;

/**
 * How WeChat Pay identifies itself to the merchant: with the WeChat Pay public key
 * ({@code Wechatpay-Serial} = {@code PUB_KEY_ID_...}), with a platform certificate (its hex
 * serial), or, while a merchant switches from the certificate to the public key, with either
 * (pay.weixin.qq.com/doc/v3/merchant/4012154180).
 */
public enum SigningMode {
    PUBLIC_KEY, CERTIFICATE, MIGRATION;

    /** The mode named {@code public_key}, {@code certificate} or {@code migration} (any case). */
    public static SigningMode parse(String name) {
        try {
            return valueOf(String.valueOf(name).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signing mode: " + name + " (expected public_key, certificate or migration)");
        }
    }

    /** The name as configured: {@code public_key}, {@code certificate}, {@code migration}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
