package looklook.usercenter.rpc.logic;

import looklook.proto.usercenter.RefreshTokenReq;
import looklook.proto.usercenter.RefreshTokenResp;
import looklook.usercenter.rpc.svc.ServiceContext;
import looklook.usercenter.rpc.svc.Sessions;

/** A new access token and the next refresh token for a live refresh token, which dies. */
public final class RefreshTokenLogic {
    private final ServiceContext svc;

    public RefreshTokenLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RefreshTokenResp refreshToken(RefreshTokenReq in) {
        Sessions.Pair p = svc.sessions().refresh(in.getRefreshToken());
        return RefreshTokenResp.newBuilder().setAccessToken(p.access().accessToken()).setAccessExpire(p.access().accessExpire())
                .setRefreshAfter(p.access().refreshAfter()).setRefreshToken(p.refreshToken()).setRefreshExpire(p.refreshExpire())
                .build();
    }
}
