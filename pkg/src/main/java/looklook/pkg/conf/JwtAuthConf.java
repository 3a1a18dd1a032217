package looklook.pkg.conf;

/**
 * go-zero's JwtAuth block: HS256 secret and access-token lifetime in seconds, plus the {@code iss}
 * and {@code aud} every token carries and every API checks, and (usercenter-rpc) the refresh-token
 * lifetime. go-zero's own JwtAuth has only the first two; a Go API sharing the secret ignores the rest.
 */
public record JwtAuthConf(
        String accessSecret,
        Long accessExpire,
        @OptionalKey String issuer,
        @OptionalKey String audience,
        @OptionalKey Long refreshExpire) {
    /** Two hours: short enough that a stolen access token is not worth much, refresh does the rest. */
    public static final long DEFAULT_ACCESS_EXPIRE = 7200;
    /** Thirty days without using the app logs the user out. */
    public static final long DEFAULT_REFRESH_EXPIRE = 30L * 24 * 3600;

    public JwtAuthConf {
        if (accessSecret != null && accessSecret.length() < 32) {
            throw new IllegalArgumentException(
                    "JwtAuth.AccessSecret: " + accessSecret.length() + " characters (expected at least 32 for HS256)");
        }
        accessExpire = accessExpire == null ? DEFAULT_ACCESS_EXPIRE : accessExpire;
        if (accessExpire <= 0) {
            throw new IllegalArgumentException("JwtAuth.AccessExpire: " + accessExpire + " (expected > 0 seconds)");
        }
        issuer = issuer == null || issuer.isBlank() ? "looklook-usercenter" : issuer;
        audience = audience == null || audience.isBlank() ? "looklook-api" : audience;
        refreshExpire = refreshExpire == null ? Math.max(DEFAULT_REFRESH_EXPIRE, 2 * accessExpire) : refreshExpire;
        if (refreshExpire <= accessExpire) {
            throw new IllegalArgumentException("JwtAuth.RefreshExpire: " + refreshExpire
                    + " (expected more than AccessExpire " + accessExpire + ")");
        }
    }

    /** A config with the default issuer, audience and refresh lifetime (tests, tools). */
    public static JwtAuthConf of(String accessSecret, long accessExpire) {
        return new JwtAuthConf(accessSecret, accessExpire, null, null, null);
    }

    /** Without the secret: a config printed in a log or an error must not hand out the signing key. */
    @Override
    public String toString() {
        return "JwtAuthConf[accessSecret=***, accessExpire=" + accessExpire + ", issuer=" + issuer + ", audience=" + audience
                + ", refreshExpire=" + refreshExpire + "]";
    }
}
