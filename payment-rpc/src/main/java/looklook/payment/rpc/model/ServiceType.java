package looklook.payment.rpc.model;

import java.util.Arrays;
import java.util.Optional;

/** What kind of business order a payment pays for; the wire value is looklook's. */
public enum ServiceType {
    HOMESTAY_ORDER("homestayOrder");

    private final String code;

    ServiceType(String code) {
        this.code = code;
    }

    /** The value stored in third_payment.service_type. */
    public String code() {
        return code;
    }

    /** The type for a wire value. */
    public static Optional<ServiceType> of(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
