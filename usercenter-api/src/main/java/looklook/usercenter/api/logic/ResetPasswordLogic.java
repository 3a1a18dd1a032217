package looklook.usercenter.api.logic;

import looklook.pkg.rpc.RpcCalls;
import looklook.proto.usercenter.ResetPasswordReq;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/** A new password for the holder of the mobile's SMS code; every session of the account ends. */
public final class ResetPasswordLogic {
    private final ServiceContext svc;

    public ResetPasswordLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.EmptyResp resetPassword(Types.ResetPasswordReq req) {
        RpcCalls.call(() -> svc.usercenterRpc().resetPassword(ResetPasswordReq.newBuilder()
                .setMobile(req.mobile()).setSmsCode(req.smsCode()).setPassword(req.password()).build()));
        return new Types.EmptyResp();
    }
}
