package looklook.usercenter.api.logic;

import looklook.pkg.rpc.RpcCalls;
import looklook.proto.usercenter.SendSmsCodeReq;
import looklook.usercenter.api.svc.ServiceContext;
import looklook.usercenter.api.types.Types;

/** Texts a code that proves the mobile for register or resetPassword. */
public final class SendSmsCodeLogic {
    private final ServiceContext svc;

    public SendSmsCodeLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.SendSmsCodeResp sendSmsCode(Types.SendSmsCodeReq req) {
        return new Types.SendSmsCodeResp(RpcCalls.call(() -> svc.usercenterRpc().sendSmsCode(
                SendSmsCodeReq.newBuilder().setMobile(req.mobile()).build())).getResendAfter());
    }
}
