package looklook.usercenter.api.logic;

import looklook.pkg.rpc.RpcCalls;
import looklook.proto.usercenter.GetUserInfoReq;
import looklook.proto.usercenter.User;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/** The caller's own profile; the user id comes from the token, never from the body. */
public final class DetailLogic {
    private final ServiceContext svc;

    public DetailLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.UserInfoResp detail(long userId) {
        User u = RpcCalls.call(() -> svc.usercenterRpc().getUserInfo(GetUserInfoReq.newBuilder().setId(userId).build()))
                .getUser();
        return new Types.UserInfoResp(new Types.User(u.getId(), u.getMobile(), u.getNickname(), u.getSex(),
                u.getAvatar(), u.getInfo()));
    }
}
