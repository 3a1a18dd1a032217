package looklook.usercenter.api.logic;

import looklook.pkg.rpc.RpcCalls;
import looklook.proto.usercenter.RegisterReq;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/** Registers a mobile + password user with the SMS code that proves the mobile; usercenter-rpc validates and stores. */
public final class RegisterLogic {
    private final ServiceContext svc;

    public RegisterLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.TokenResp register(Types.RegisterReq req) {
        return Tokens.of(RpcCalls.call(() -> svc.usercenterRpc().register(RegisterReq.newBuilder()
                .setMobile(req.mobile()).setPassword(req.password()).setSmsCode(req.smsCode())
                .setAuthKey(req.mobile()).setAuthType("system").build())));
    }
}
