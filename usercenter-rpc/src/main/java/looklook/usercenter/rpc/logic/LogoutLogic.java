package looklook.usercenter.rpc.logic;

import looklook.pkg.errors.BizException;
import looklook.proto.usercenter.LogoutReq;
import looklook.proto.usercenter.LogoutResp;
import looklook.usercenter.rpc.model.RefreshToken;
import looklook.usercenter.rpc.svc.ServiceContext;
import looklook.usercenter.rpc.svc.Sessions;

/**
 * Ends the session of the access token presented and, if the body names one, the session of a
 * refresh token of the same user. Idempotent: a session already ended answers the same.
 */
public final class LogoutLogic {
    private final ServiceContext svc;

    public LogoutLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public LogoutResp logout(LogoutReq in) {
        long userId = Validate.id("userId", in.getUserId());
        if (in.getSessionId().isEmpty() || in.getSessionId().length() > 64) {
            throw BizException.badParam("sessionId: " + in.getSessionId().length() + " characters (expected 1..64)");
        }
        if (svc.sessions().ownerOf(in.getSessionId()).filter(owner -> owner == userId).isPresent()) {
            svc.sessions().end(in.getSessionId(), Sessions.EndReason.LOGOUT);
        }
        // someone else's refresh token is ignored, not revoked: logout must not become a way to end others' sessions
        svc.sessions().lookup(in.getRefreshToken()).filter(t -> t.userId() == userId)
                .map(RefreshToken::sessionId).filter(s -> !s.equals(in.getSessionId()))
                .ifPresent(s -> svc.sessions().end(s, Sessions.EndReason.LOGOUT));
        return LogoutResp.getDefaultInstance();
    }
}
