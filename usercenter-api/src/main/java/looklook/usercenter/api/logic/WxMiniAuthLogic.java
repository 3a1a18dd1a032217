package looklook.usercenter.api.logic;

import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.wechat.WxMiniSession;
import looklook.pkg.wechat.WxPhone;
import looklook.proto.usercenter.GenerateTokenReq;
import looklook.proto.usercenter.GetUserAuthByAuthKeyReq;
import looklook.proto.usercenter.RegisterReq;
import looklook.proto.usercenter.UserAuth;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/**
 * WeChat mini-program login: the {@code wx.login} code gives the openid, the
 * {@code wx.getPhoneNumber} data (decrypted with that login's session key, watermark checked)
 * gives the phone; the first login registers, later ones log the same user in. A phone that
 * belongs to an account that never proved it is refused (110011), not bound: see usercenter-rpc's RegisterLogic.
 */
public final class WxMiniAuthLogic {
    private static final String WX_MINI = "wxMini";
    private final ServiceContext svc;

    public WxMiniAuthLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.TokenResp wxMiniAuth(Types.WxMiniAuthReq req) {
        // 1. who is this, according to WeChat
        WxMiniSession session = svc.wxMini().code2Session(req.code());
        WxPhone phone = svc.wxMini().decryptPhone(session, req.encryptedData(), req.iv());

        // 2. known openid: log in; otherwise register (or bind the openid to the phone's user)
        UserAuth known = findByOpenid(session.openid());
        if (known != null) {
            return token(known.getUserId());
        }
        try {
            return Tokens.of(RpcCalls.call(() -> svc.usercenterRpc().register(RegisterReq.newBuilder()
                    .setMobile(phone.purePhoneNumber()).setAuthType(WX_MINI).setAuthKey(session.openid()).build())));
        } catch (BizException e) {
            // two first logins of one openid at once: the other one registered it
            UserAuth raced = e.is(ErrorCode.USER_ALREADY_REGISTERED) ? findByOpenid(session.openid()) : null;
            if (raced == null) {
                throw e;
            }
            return token(raced.getUserId());
        }
    }

    private UserAuth findByOpenid(String openid) {
        var r = RpcCalls.call(() -> svc.usercenterRpc().getUserAuthByAuthKey(GetUserAuthByAuthKeyReq.newBuilder()
                .setAuthType(WX_MINI).setAuthKey(openid).build()));
        return r.hasUserAuth() ? r.getUserAuth() : null;
    }

    private Types.TokenResp token(long userId) {
        return Tokens.of(RpcCalls.call(() -> svc.usercenterRpc().generateToken(
                GenerateTokenReq.newBuilder().setUserId(userId).build())));
    }
}
