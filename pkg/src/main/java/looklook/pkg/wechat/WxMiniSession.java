package looklook.pkg.wechat;

import looklook.pkg.log.Mask;

/** What jscode2session returns for a login code; {@code unionid} may be null. Never log the session key; the ids print masked. */
public record WxMiniSession(String openid, String sessionKey, String unionid) {
    @Override
    public String toString() {
        return "WxMiniSession[openid=" + Mask.openid(openid) + ", sessionKey=***, unionid="
                + (unionid == null ? null : Mask.openid(unionid)) + "]";
    }
}
