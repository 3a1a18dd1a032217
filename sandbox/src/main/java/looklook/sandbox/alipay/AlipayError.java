package looklook.sandbox.alipay;

/**
 * A refusal in Alipay's shape: {@code code} (40001 missing, 40002 invalid, 40004 business
 * failed, 20000 unavailable) with its {@code msg}, a {@code sub_code} and {@code sub_msg}.
 * {@code gatewayLevel} refusals (no method, unknown method or app) answer under
 * {@code error_response}, as the gateway does before it knows the API.
 */
public final class AlipayError extends RuntimeException {
    private final String code;
    private final String msg;
    private final String subCode;
    private final boolean gatewayLevel;

    private AlipayError(String code, String msg, String subCode, String subMsg, boolean gatewayLevel) {
        super(subMsg);
        this.code = code;
        this.msg = msg;
        this.subCode = subCode;
        this.gatewayLevel = gatewayLevel;
    }

    /** 40001 Missing Required Arguments. */
    public static AlipayError missing(String subCode, String subMsg) {
        return new AlipayError("40001", "Missing Required Arguments", subCode, subMsg, false);
    }

    /** 40002 Invalid Arguments. */
    public static AlipayError invalid(String subCode, String subMsg) {
        return new AlipayError("40002", "Invalid Arguments", subCode, subMsg, false);
    }

    /** 40002 Invalid Arguments, answered under error_response (unknown app or method). */
    public static AlipayError gateway(String subCode, String subMsg) {
        return new AlipayError("40002", "Invalid Arguments", subCode, subMsg, true);
    }

    /** 40004 Business Failed with an ACQ.* (or isp.*) sub_code. */
    public static AlipayError business(String subCode, String subMsg) {
        return new AlipayError("40004", "Business Failed", subCode, subMsg, false);
    }

    /** 20000 Service Currently Unavailable. */
    public static AlipayError unavailable(String subCode, String subMsg) {
        return new AlipayError("20000", "Service Currently Unavailable", subCode, subMsg, false);
    }

    public String code() {
        return code;
    }

    public String msg() {
        return msg;
    }

    public String subCode() {
        return subCode;
    }

    public boolean gatewayLevel() {
        return gatewayLevel;
    }
}
