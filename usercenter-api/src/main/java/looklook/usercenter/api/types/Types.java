package looklook.usercenter.api.types;

/** Request and response bodies of usercenter-api; JSON names as looklook's user.api. */
public final class Types {
    private Types() {
    }

    /** {@code POST /usercenter/v1/user/register}. */
    public record RegisterReq(String mobile, String password) {
    }

    /** {@code POST /usercenter/v1/user/login}. */
    public record LoginReq(String mobile, String password) {
    }

    /** {@code POST /usercenter/v1/user/wxMiniAuth}: wx.login's code and wx.getPhoneNumber's iv and encryptedData. */
    public record WxMiniAuthReq(String code, String iv, String encryptedData) {
    }

    /** A token and when to renew it (unix seconds); the answer of register, login and wxMiniAuth. */
    public record TokenResp(String accessToken, long accessExpire, long refreshAfter) {
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
