package looklook.usercenter.rpc.svc;

/** What the logs may show of personal data. */
public final class Masks {
    private Masks() {
    }

    /** {@code 138****8000}. */
    public static String mobile(String mobile) {
        return mobile == null || mobile.length() < 7 ? "***" : mobile.substring(0, 3) + "****" + mobile.substring(mobile.length() - 4);
    }
}
