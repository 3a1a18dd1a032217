package looklook.pkg.conf;

/** go-zero's JwtAuth block: HS256 secret and token lifetime in seconds. */
public record JwtAuthConf(String accessSecret, Long accessExpire) {
    public JwtAuthConf {
        if (accessSecret != null && accessSecret.length() < 32) {
            throw new IllegalArgumentException(
                    "JwtAuth.AccessSecret: " + accessSecret.length() + " characters (expected at least 32 for HS256)");
        }
        if (accessExpire != null && accessExpire <= 0) {
            throw new IllegalArgumentException("JwtAuth.AccessExpire: " + accessExpire + " (expected > 0 seconds)");
        }
    }
}
