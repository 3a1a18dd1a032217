package looklook.usercenter.api.logic;

import looklook.pkg.rpc.RpcCalls;
import looklook.proto.usercenter.RefreshTokenReq;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/** The next token pair for a refresh token, which is spent; a spent one presented again ends its session (401). */
public final class RefreshTokenLogic {
    private final ServiceContext svc;

    public RefreshTokenLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.TokenResp refreshToken(Types.RefreshTokenReq req) {
        return Tokens.of(RpcCalls.call(() -> svc.usercenterRpc().refreshToken(
                RefreshTokenReq.newBuilder().setRefreshToken(req.refreshToken()).build())));
    }
}
