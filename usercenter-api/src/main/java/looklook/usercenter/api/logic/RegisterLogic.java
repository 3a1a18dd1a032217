package looklook.usercenter.api.logic;

import looklook.pkg.rpc.RpcCalls;
import looklook.proto.usercenter.RegisterReq;
import looklook.proto.usercenter.RegisterResp;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/** Registers a mobile + password user; usercenter-rpc validates and stores. */
public final class RegisterLogic {
    private final ServiceContext svc;

    public RegisterLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.TokenResp register(Types.RegisterReq req) {
        RegisterResp r = RpcCalls.call(() -> svc.usercenterRpc().register(RegisterReq.newBuilder()
                .setMobile(req.mobile()).setPassword(req.password())
                .setAuthKey(req.mobile()).setAuthType("system").build()));
        return new Types.TokenResp(r.getAccessToken(), r.getAccessExpire(), r.getRefreshAfter());
    }
}
