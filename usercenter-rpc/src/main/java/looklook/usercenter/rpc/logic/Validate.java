package looklook.usercenter.rpc.logic;

import java.util.regex.Pattern;
import looklook.pkg.errors.BizException;
import looklook.usercenter.rpc.model.AuthType;
import looklook.usercenter.rpc.svc.Passwords;

/** Input rules shared by register and login; each failure names the field and what was expected. */
final class Validate {
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern SMS_CODE = Pattern.compile("\\d{6}");

    private Validate() {
    }

    static String mobile(String mobile) {
        if (!MOBILE.matcher(mobile).matches()) {
            throw BizException.badParam("mobile: " + abbreviate(mobile) + " (expected 11 digits starting with 13-19)");
        }
        return mobile;
    }

    static String password(String password) {
        if (password.length() < 6 || Passwords.byteLength(password) > Passwords.MAX_BYTES) {
            throw BizException.badParam("password: " + password.length()
                    + " characters (expected 6 or more, at most " + Passwords.MAX_BYTES + " bytes)");
        }
        return password;
    }

    static String smsCode(String code) {
        if (!SMS_CODE.matcher(code).matches()) {
            throw BizException.badParam("smsCode: " + code.length() + " characters (expected the 6 digits texted by sendSmsCode)");
        }
        return code;
    }

    static AuthType authType(String authType) {
        return AuthType.of(authType).orElseThrow(() ->
                BizException.badParam("authType: " + abbreviate(authType) + " (expected system or wxMini)"));
    }

    static String authKey(String authKey) {
        if (authKey.isBlank() || authKey.length() > 64) {
            throw BizException.badParam("authKey: " + authKey.length() + " characters (expected 1..64)");
        }
        return authKey;
    }

    static long id(String field, long id) {
        if (id <= 0) {
            throw BizException.badParam(field + ": " + id + " (expected > 0)");
        }
        return id;
    }

    private static String abbreviate(String s) {
        return "\"" + (s.length() <= 20 ? s : s.substring(0, 20) + "...") + "\"";
    }
}
