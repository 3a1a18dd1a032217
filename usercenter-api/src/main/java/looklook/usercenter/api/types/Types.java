package looklook.usercenter.api.types;

import looklook.pkg.conf.OptionalKey;

/** Request and response bodies of usercenter-api; JSON names as looklook's user.api. */
public final class Types {
    private Types() {
    }

    /** {@code POST /usercenter/v1/user/sendSmsCode}: texts a 6-digit code to the mobile. */
    public record SendSmsCodeReq(String mobile) {
    }

    /** The answer of sendSmsCode, the same whether or not the mobile is registered. */
    public record SendSmsCodeResp(long resendAfter) {
    }

    /** {@code POST /usercenter/v1/user/register}: the code sendSmsCode texted proves the mobile. */
    public record RegisterReq(String mobile, String password, String smsCode) {
    }

    /** {@code POST /usercenter/v1/user/login}. */
    public record LoginReq(String mobile, String password) {
    }

    /** {@code POST /usercenter/v1/user/resetPassword}: ends every session of the account. */
    public record ResetPasswordReq(String mobile, String smsCode, String password) {
    }

    /** {@code POST /usercenter/v1/user/refreshToken}. */
    public record RefreshTokenReq(String refreshToken) {
    }

    /** {@code POST /usercenter/v1/user/logout}: the token's session ends, and {@code refreshToken}'s if given. */
    public record LogoutReq(@OptionalKey String refreshToken) {
    }

    /**
     * {@code POST /usercenter/v1/user/wxMiniAuth}: wx.login's code and the phone, either as the
     * getPhoneNumber button's {@code phoneCode} or, from the deprecated button, as {@code iv} +
     * {@code encryptedData}; exactly one of the two.
     */
    public record WxMiniAuthReq(String code, @OptionalKey String phoneCode, @OptionalKey String iv,
                                @OptionalKey String encryptedData) {
    }

    /**
     * A session's tokens (times in unix seconds): the access token for {@code Authorization}, to be
     * renewed after {@code refreshAfter} through refreshToken with {@code refreshToken}, which is
     * used once and lives until {@code refreshExpire}.
     */
    public record TokenResp(String accessToken, long accessExpire, long refreshAfter, String refreshToken, long refreshExpire) {
    }

    /** An answer with no data. */
    public record EmptyResp() {
    }

    /** {@code POST /usercenter/v1/user/detail}: the body is empty. */
    public record UserInfoReq() {
    }

    /** A user's public profile. */
    public record User(long id, String mobile, String nickname, long sex, String avatar, String info) {
    }

    /** The answer of detail. */
    public record UserInfoResp(User userInfo) {
    }
}
