package looklook.pkg.ids;

/** The kinds of serial number the mesh hands out. */
public enum SnPrefix {
    HOMESTAY_ORDER("HSO"),
    THIRD_PAYMENT("PMT"),
    THIRD_REFUND("RFD");

    private final String code;

    SnPrefix(String code) {
        this.code = code;
    }

    /** The three letters that start the sn. */
    public String code() {
        return code;
    }
}
