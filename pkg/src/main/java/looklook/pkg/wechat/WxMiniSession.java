package looklook.pkg.wechat;

/** What jscode2session returns for a login code; {@code unionid} may be null. Never log the session key. */
public record WxMiniSession(String openid, String sessionKey, String unionid) {
    @Override
    public String toString() {
        return "WxMiniSession[openid=" + openid + ", sessionKey=***, unionid=" + unionid + "]";
    }
}
