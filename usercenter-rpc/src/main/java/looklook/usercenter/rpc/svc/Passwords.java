package looklook.usercenter.rpc.svc;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes (salted, slow on purpose). looklook stored unsalted MD5, and in fact
 * nothing at all (its register checked the new user's empty password field); this does neither.
 */
public final class Passwords {
    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut. */
    public static final int MAX_BYTES = 72;

    private final int cost;
    private final String dummyHash;

    public Passwords(int cost) {
        this.cost = cost;
        this.dummyHash = hash("timing-equaliser");
    }

    /** A new salted hash of {@code password}. */
    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    /** True when {@code password} matches {@code hash}; an empty hash never matches. */
    public boolean matches(String password, String hash) {
        if (hash == null || hash.isEmpty()) {
            burn(password);
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }

    /**
     * Spends the time of one verification, so that "no such user" answers as slowly as "wrong
     * password" and response time does not tell which mobiles are registered.
     */
    public void burn(String password) {
        BCrypt.verifyer().verify(password.toCharArray(), dummyHash);
    }

    /** Byte length as bcrypt counts it. */
    public static int byteLength(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length;
    }
}
