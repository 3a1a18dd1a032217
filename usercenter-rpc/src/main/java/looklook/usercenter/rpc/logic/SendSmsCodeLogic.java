package looklook.usercenter.rpc.logic;

import looklook.proto.usercenter.SendSmsCodeReq;
import looklook.proto.usercenter.SendSmsCodeResp;
import looklook.usercenter.rpc.svc.ServiceContext;

/** Texts a sign-up or reset code; never looks at whether the mobile has a user, so it cannot tell. */
public final class SendSmsCodeLogic {
    private final ServiceContext svc;

    public SendSmsCodeLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public SendSmsCodeResp sendSmsCode(SendSmsCodeReq in) {
        long resendAfter = svc.smsCodes().send(Validate.mobile(in.getMobile()));
        return SendSmsCodeResp.newBuilder().setResendAfter(resendAfter).build();
    }
}
