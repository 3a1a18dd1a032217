package looklook.usercenter.rpc.logic;

import looklook.pkg.auth.JwtTokens;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.usercenter.GenerateTokenReq;
import looklook.proto.usercenter.GenerateTokenResp;
import looklook.usercenter.rpc.model.UserModel;
import looklook.usercenter.rpc.svc.ServiceContext;

/** A token for an existing user (used after a WeChat login). */
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
        JwtTokens.Token t = svc.tokens().issue(userId);
        return GenerateTokenResp.newBuilder()
                .setAccessToken(t.accessToken()).setAccessExpire(t.accessExpire()).setRefreshAfter(t.refreshAfter())
                .build();
    }
}
