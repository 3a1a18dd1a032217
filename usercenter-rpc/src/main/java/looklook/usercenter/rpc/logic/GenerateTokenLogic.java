package looklook.usercenter.rpc.logic;

import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.usercenter.GenerateTokenReq;
import looklook.proto.usercenter.GenerateTokenResp;
import looklook.usercenter.rpc.model.UserModel;
import looklook.usercenter.rpc.svc.ServiceContext;
import looklook.usercenter.rpc.svc.Sessions;

/** A new session for an existing user (used after a WeChat login). */
public final class GenerateTokenLogic {
    private final ServiceContext svc;

    public GenerateTokenLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public GenerateTokenResp generateToken(GenerateTokenReq in) {
        long userId = Validate.id("userId", in.getUserId());
        if (svc.jdbi().withExtension(UserModel.class, m -> m.findOne(userId)).isEmpty()) {
            throw new BizException(ErrorCode.USER_NOT_FOUND, "user " + userId + " not found");
        }
        Sessions.Pair p = svc.sessions().start(userId);
        return GenerateTokenResp.newBuilder().setAccessToken(p.access().accessToken()).setAccessExpire(p.access().accessExpire())
                .setRefreshAfter(p.access().refreshAfter()).setRefreshToken(p.refreshToken()).setRefreshExpire(p.refreshExpire())
                .build();
    }
}
