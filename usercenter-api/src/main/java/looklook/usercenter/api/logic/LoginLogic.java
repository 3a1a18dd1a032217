package looklook.usercenter.api.logic;

import looklook.pkg.rpc.RpcCalls;
import looklook.proto.usercenter.LoginReq;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/** Mobile + password login. */
public final class LoginLogic {
    private final ServiceContext svc;

    public LoginLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.TokenResp login(Types.LoginReq req) {
        return Tokens.of(RpcCalls.call(() -> svc.usercenterRpc().login(LoginReq.newBuilder()
                .setAuthType("system").setAuthKey(req.mobile()).setPassword(req.password()).build())));
    }
}
