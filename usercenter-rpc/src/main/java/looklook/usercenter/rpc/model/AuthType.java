package looklook.usercenter.rpc.model;

import java.util.Arrays;
import java.util.Optional;

/** How a user proves who they are; the wire value is looklook's. */
public enum AuthType {
    /** mobile + password. */
    SYSTEM("system"),
    /** WeChat mini-program openid. */
    WX_MINI("wxMini");

    private final String code;

    AuthType(String code) {
        this.code = code;
    }

    /** The value stored in user_auth.auth_type and sent over gRPC. */
    public String code() {
        return code;
    }

    /** The type for a wire value. */
    public static Optional<AuthType> of(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
