package looklook.usercenter.rpc.logic;

import looklook.proto.usercenter.GetUserAuthByUserIdReq;
import looklook.proto.usercenter.GetUserAuthyUserIdResp;
import looklook.usercenter.rpc.model.UserAuthModel;
import looklook.usercenter.rpc.svc.ServiceContext;

/** A user's auth of one type, e.g. the wxMini openid payment needs; absent when the user has none. */
public final class GetUserAuthByUserIdLogic {
    private final ServiceContext svc;

    public GetUserAuthByUserIdLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public GetUserAuthyUserIdResp getUserAuthByUserId(GetUserAuthByUserIdReq in) {
        long userId = Validate.id("userId", in.getUserId());
        String type = Validate.authType(in.getAuthType()).code();
        GetUserAuthyUserIdResp.Builder resp = GetUserAuthyUserIdResp.newBuilder();
        svc.jdbi().withExtension(UserAuthModel.class, m -> m.findOneByUserIdAuthType(userId, type))
                .ifPresent(a -> resp.setUserAuth(UserAuths.toProto(a)));
        return resp.build();
    }
}
