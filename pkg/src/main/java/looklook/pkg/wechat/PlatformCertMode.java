package looklook.pkg.wechat;

import java.util.Locale;

/**
 * Whether and how we verify WeChat Pay with its platform certificate (the older way; the WeChat Pay
 * public key is the newer): {@code off}; {@code file}, a certificate downloaded once and deployed at
 * {@code PlatformCertPath}; {@code auto}, downloaded from {@code GET /v3/certificates} at start and
 * every hour by the SDK.
 */
public enum PlatformCertMode {
    OFF, FILE, AUTO;

    /** The mode named {@code off}, {@code file} or {@code auto} (any case); blank is off. */
    public static PlatformCertMode parse(String name) {
        if (name == null || name.isBlank()) {
            return OFF;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PlatformCertMode: " + name + " (expected off, file or auto)");
        }
    }
}
