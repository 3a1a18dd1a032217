package looklook.pkg.log;

/**
 * Masks personal identifiers before they reach a log line or an internal error's detail: enough
 * is left to tell two apart when correlating, not enough to contact or impersonate the person.
 */
public final class Mask {
    private static final String STARS = "****";

    private Mask() {
    }

    /** A mobile as {@code 138****5678}: network prefix and last four digits. */
    public static String mobile(String mobile) {
        return keep(mobile, 3, 4);
    }

    /** A WeChat openid (or unionid) as its first four and last two characters around stars. */
    public static String openid(String openid) {
        return keep(openid, 4, 2);
    }

    private static String keep(String s, int head, int tail) {
        if (s == null) {
            return "null";
        }
        if (s.length() <= head + tail + 2) {
            return STARS; // too short to show any part without showing most of it
        }
        return s.substring(0, head) + STARS + s.substring(s.length() - tail);
    }
}
