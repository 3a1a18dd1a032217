package looklook.pkg.ids;

import java.util.regex.Pattern;

/** The kinds of serial number the mesh hands out: three letters, then the generator's 22 digits. */
public enum SnPrefix {
    HOMESTAY_ORDER("HSO"),
    THIRD_PAYMENT("PMT"),
    THIRD_REFUND("RFD");

    private final String code;
    private final Pattern pattern;

    SnPrefix(String code) {
        this.code = code;
        this.pattern = Pattern.compile(code + "\\d{22}");
    }

    /** True when {@code sn} is an sn of this kind (null is not). */
    public boolean matches(String sn) {
        return sn != null && pattern.matcher(sn).matches();
    }

    /** The three letters that start the sn. */
    public String code() {
        return code;
    }
}
