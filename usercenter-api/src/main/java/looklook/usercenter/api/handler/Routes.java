package looklook.usercenter.api.handler;

import looklook.pkg.rest.RestServer;
import looklook.usercenter.api.logic.DetailLogic;
import looklook.usercenter.api.logic.LoginLogic;
import looklook.usercenter.api.logic.LogoutLogic;
import looklook.usercenter.api.logic.RefreshTokenLogic;
import looklook.usercenter.api.logic.RegisterLogic;
import looklook.usercenter.api.logic.ResetPasswordLogic;
import looklook.usercenter.api.logic.SendSmsCodeLogic;
import looklook.usercenter.api.logic.WxMiniAuthLogic;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/** The routes of usercenter-api (go-zero's handler/routes.go): path, body type, logic. */
public final class Routes {
    private static final String PREFIX = "/usercenter/v1";

    private Routes() {
    }

    public static RestServer register(RestServer server, ServiceContext svc) {
        return server
                .post(PREFIX + "/user/sendSmsCode", Types.SendSmsCodeReq.class, req -> new SendSmsCodeLogic(svc).sendSmsCode(req))
                .post(PREFIX + "/user/register", Types.RegisterReq.class, req -> new RegisterLogic(svc).register(req))
                .post(PREFIX + "/user/login", Types.LoginReq.class, req -> new LoginLogic(svc).login(req))
                .post(PREFIX + "/user/resetPassword", Types.ResetPasswordReq.class, req -> new ResetPasswordLogic(svc).resetPassword(req))
                .post(PREFIX + "/user/refreshToken", Types.RefreshTokenReq.class, req -> new RefreshTokenLogic(svc).refreshToken(req))
                .postSession(PREFIX + "/user/logout", Types.LogoutReq.class, svc.tokens(),
                        (caller, req) -> new LogoutLogic(svc).logout(caller, req))
                .post(PREFIX + "/user/wxMiniAuth", Types.WxMiniAuthReq.class, req -> new WxMiniAuthLogic(svc).wxMiniAuth(req))
                .post(PREFIX + "/user/detail", Types.UserInfoReq.class, svc.tokens(),
                        (userId, req) -> new DetailLogic(svc).detail(userId));
    }
}
