package looklook.usercenter.rpc.logic;

import looklook.proto.usercenter.GetUserAuthByAuthKeyReq;
import looklook.proto.usercenter.GetUserAuthByAuthKeyResp;
import looklook.usercenter.rpc.model.UserAuthModel;
import looklook.usercenter.rpc.svc.ServiceContext;

/**
 * Finds who owns an openid or mobile. Not found is an answer, not an error (as in looklook): the
 * response then has no {@code userAuth}, which is how wxMiniAuth knows to register.
 */
public final class GetUserAuthByAuthKeyLogic {
    private final ServiceContext svc;

    public GetUserAuthByAuthKeyLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public GetUserAuthByAuthKeyResp getUserAuthByAuthKey(GetUserAuthByAuthKeyReq in) {
        String type = Validate.authType(in.getAuthType()).code();
        String key = Validate.authKey(in.getAuthKey());
        GetUserAuthByAuthKeyResp.Builder resp = GetUserAuthByAuthKeyResp.newBuilder();
        svc.jdbi().withExtension(UserAuthModel.class, m -> m.findOneByAuthTypeAuthKey(type, key))
                .ifPresent(a -> resp.setUserAuth(UserAuths.toProto(a)));
        return resp.build();
    }
}
