package looklook.sandbox.crypto;

import java.security.SecureRandom;

/** Random strings in the shapes WeChat uses (nonces, ids, codes). */
public final class Nonces {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String URL_SAFE = ALNUM + "-_";

    private Nonces() {
    }

    /** {@code length} characters of [0-9A-Za-z]. */
    public static String alnum(int length) {
        return pick(ALNUM, length);
    }

    /** {@code length} decimal digits. */
    public static String digits(int length) {
        return pick("0123456789", length);
    }

    /** {@code length} characters of [0-9A-Za-z_-], the alphabet of openids and codes. */
    public static String urlSafe(int length) {
        return pick(URL_SAFE, length);
    }

    /** {@code length} random bytes. */
    public static byte[] bytes(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String pick(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
