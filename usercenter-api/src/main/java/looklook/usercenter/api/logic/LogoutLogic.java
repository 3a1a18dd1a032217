package looklook.usercenter.api.logic;

import looklook.pkg.auth.JwtTokens;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.usercenter.LogoutReq;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/** Ends the caller's session (the token's {@code sid}) and, if given, the session of a refresh token of theirs. */
public final class LogoutLogic {
    private final ServiceContext svc;

    public LogoutLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.EmptyResp logout(JwtTokens.Principal caller, Types.LogoutReq req) {
        RpcCalls.call(() -> svc.usercenterRpc().logout(LogoutReq.newBuilder().setUserId(caller.userId())
                .setSessionId(caller.sessionId()).setRefreshToken(req.refreshToken() == null ? "" : req.refreshToken()).build()));
        return new Types.EmptyResp();
    }
}
