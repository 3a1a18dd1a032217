package looklook.usercenter.rpc.logic;

import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.store.ReadCommitted;
import looklook.proto.usercenter.ResetPasswordReq;
import looklook.proto.usercenter.ResetPasswordResp;
import looklook.usercenter.rpc.model.User;
import looklook.usercenter.rpc.model.UserModel;
import looklook.usercenter.rpc.svc.ServiceContext;
import looklook.usercenter.rpc.svc.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets a new password for the proven holder of the mobile and ends every session of the account,
 * so whoever knew the old password (or held a token) is out. The account's mobile counts as
 * proven from now on, which is how the real owner of a mobile someone registered without proof
 * takes it back before logging in through WeChat.
 */
public final class ResetPasswordLogic {
    private static final Logger log = LoggerFactory.getLogger(ResetPasswordLogic.class);
    private final ServiceContext svc;

    public ResetPasswordLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public ResetPasswordResp resetPassword(ResetPasswordReq in) {
        String mobile = Validate.mobile(in.getMobile());
        String password = Validate.password(in.getPassword());
        svc.smsCodes().consume(mobile, Validate.smsCode(in.getSmsCode()));
        String hash = svc.passwords().hash(password);
        long userId = ReadCommitted.inTransaction(svc.jdbi(), h -> {
            // only the mobile's proven holder gets here, so "no such user" tells nobody else anything
            User u = h.attach(UserModel.class).findOneByMobileForUpdate(mobile)
                    .orElseThrow(() -> new BizException(ErrorCode.USER_NOT_FOUND, "no user with this mobile"));
            h.attach(UserModel.class).updatePasswordProven(u.id(), hash);
            svc.sessions().endAll(h, u.id(), Sessions.EndReason.RESET);
            return u.id();
        });
        svc.sessions().settled();
        log.info("user {} reset the password by SMS", userId);
        return ResetPasswordResp.getDefaultInstance();
    }
}
