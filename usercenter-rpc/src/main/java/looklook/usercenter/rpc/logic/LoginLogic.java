package looklook.usercenter.rpc.logic;

import java.util.Optional;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.usercenter.LoginReq;
import looklook.proto.usercenter.LoginResp;
import looklook.usercenter.rpc.model.AuthType;
import looklook.usercenter.rpc.model.User;
import looklook.usercenter.rpc.model.UserModel;
import looklook.usercenter.rpc.svc.ServiceContext;
import looklook.usercenter.rpc.svc.Sessions;

/**
 * Mobile + password login (authType {@code system}, authKey = mobile). An unknown mobile and a
 * wrong password give the same error in the same time, so the answer does not reveal who is registered.
 */
public final class LoginLogic {
    private final ServiceContext svc;

    public LoginLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public LoginResp login(LoginReq in) {
        if (Validate.authType(in.getAuthType()) != AuthType.SYSTEM) {
            throw BizException.badParam("authType: " + in.getAuthType() + " (expected system; WeChat users log in through wxMiniAuth)");
        }
        String mobile = Validate.mobile(in.getAuthKey());
        if (in.getPassword().isEmpty()) {
            throw BizException.badParam("password: empty (expected the account's password)");
        }
        Optional<User> user = svc.jdbi().withExtension(UserModel.class, m -> m.findOneByMobile(mobile));
        if (user.isEmpty()) {
            svc.passwords().burn(in.getPassword());
            throw new BizException(ErrorCode.USER_LOGIN_FAILED);
        }
        if (!svc.passwords().matches(in.getPassword(), user.get().password())) {
            throw new BizException(ErrorCode.USER_LOGIN_FAILED);
        }
        Sessions.Pair p = svc.sessions().start(user.get().id());
        return LoginResp.newBuilder().setAccessToken(p.access().accessToken()).setAccessExpire(p.access().accessExpire())
                .setRefreshAfter(p.access().refreshAfter()).setRefreshToken(p.refreshToken()).setRefreshExpire(p.refreshExpire())
                .build();
    }
}
