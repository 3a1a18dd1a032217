package looklook.usercenter.rpc.logic;

import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.usercenter.GetUserInfoReq;
import looklook.proto.usercenter.GetUserInfoResp;
import looklook.usercenter.rpc.model.User;
import looklook.usercenter.rpc.model.UserModel;
import looklook.usercenter.rpc.svc.ServiceContext;

/** A user's public profile (never the password hash). */
public final class GetUserInfoLogic {
    private final ServiceContext svc;

    public GetUserInfoLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public GetUserInfoResp getUserInfo(GetUserInfoReq in) {
        long id = Validate.id("id", in.getId());
        User u = svc.jdbi().withExtension(UserModel.class, m -> m.findOne(id))
                .orElseThrow(() -> new BizException(ErrorCode.USER_NOT_FOUND, "user " + id + " not found"));
        return GetUserInfoResp.newBuilder().setUser(looklook.proto.usercenter.User.newBuilder()
                .setId(u.id()).setMobile(u.mobile()).setNickname(u.nickname()).setSex(u.sex())
                .setAvatar(u.avatar()).setInfo(u.info())).build();
    }
}
