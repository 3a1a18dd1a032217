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
 * WeChat mini-program login: the {@code wx.login} code gives the openid; the phone comes from the
 * getPhoneNumber button, as a {@code phoneCode} WeChat exchanges for the number (today's flow) or as
 * {@code iv} + {@code encryptedData} decrypted with that login's session key (the deprecated one),
 * watermark checked either way. Both are numbers WeChat verified. The first login registers, later
 * ones log the same user in without asking for the phone again. A phone that belongs to an account that never proved it is refused
 * (110011), not bound: see usercenter-rpc's RegisterLogic.
 */
public final class WxMiniAuthLogic {
    private static final String WX_MINI = "wxMini";
    private final ServiceContext svc;

    public WxMiniAuthLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.TokenResp wxMiniAuth(Types.WxMiniAuthReq req) {
        // 1. one proof of the phone, checked before WeChat spends the one-time codes
        boolean viaPhoneCode = phoneFlow(req);

        // 2. who is this, according to WeChat
        WxMiniSession session = svc.wxMini().code2Session(req.code());

        // 3. known openid: log in; the phone is not needed, so its code is not spent (WeChat charges
        // each exchange, and a stale phoneCode must not lock a returning user out)
        UserAuth known = findByOpenid(session.openid());
        if (known != null) {
            return token(known.getUserId());
        }

        // 4. a new openid: register with WeChat's verified phone (or bind the openid to the phone's user)
        WxPhone phone = viaPhoneCode ? svc.wxMini().phoneNumber(req.phoneCode())
                : svc.wxMini().decryptPhone(session, req.encryptedData(), req.iv());
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

    /** True for {@code phoneCode}, false for {@code iv} + {@code encryptedData}; anything else is a 100002. */
    private static boolean phoneFlow(Types.WxMiniAuthReq req) {
        boolean legacy = req.iv() != null || req.encryptedData() != null;
        if (req.phoneCode() != null && legacy) {
            throw BizException.badParam("phoneCode and iv/encryptedData: both given (expected either phoneCode from the "
                    + "getPhoneNumber button, or iv + encryptedData from the deprecated one)");
        }
        if (req.phoneCode() != null && req.phoneCode().isBlank()) {
            throw BizException.badParam("phoneCode: empty (expected the code from the getPhoneNumber button)");
        }
        if (req.phoneCode() != null) {
            return true;
        }
        if (!legacy) {
            throw BizException.badParam("missing required field phoneCode (expected phoneCode from the getPhoneNumber "
                    + "button, or iv + encryptedData from the deprecated one)");
        }
        if (req.iv() == null || req.encryptedData() == null) {
            throw BizException.badParam("missing required field " + (req.iv() == null ? "iv" : "encryptedData")
                    + " (iv and encryptedData come together)");
        }
        return false;
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
