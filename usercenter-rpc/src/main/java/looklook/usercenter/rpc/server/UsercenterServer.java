package looklook.usercenter.rpc.server;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import looklook.proto.usercenter.GenerateTokenReq;
import looklook.proto.usercenter.GenerateTokenResp;
import looklook.proto.usercenter.GetUserAuthByAuthKeyReq;
import looklook.proto.usercenter.GetUserAuthByAuthKeyResp;
import looklook.proto.usercenter.GetUserAuthByUserIdReq;
import looklook.proto.usercenter.GetUserAuthyUserIdResp;
import looklook.proto.usercenter.GetUserInfoReq;
import looklook.proto.usercenter.GetUserInfoResp;
import looklook.proto.usercenter.LoginReq;
import looklook.proto.usercenter.LoginResp;
import looklook.proto.usercenter.RegisterReq;
import looklook.proto.usercenter.RegisterResp;
import looklook.proto.usercenter.SendSmsCodeReq;
import looklook.proto.usercenter.SendSmsCodeResp;
import looklook.usercenter.rpc.logic.SendSmsCodeLogic;
import looklook.proto.usercenter.ResetPasswordReq;
import looklook.proto.usercenter.ResetPasswordResp;
import looklook.usercenter.rpc.logic.ResetPasswordLogic;
import looklook.proto.usercenter.RefreshTokenReq;
import looklook.proto.usercenter.RefreshTokenResp;
import looklook.usercenter.rpc.logic.RefreshTokenLogic;
import looklook.proto.usercenter.LogoutReq;
import looklook.proto.usercenter.LogoutResp;
import looklook.usercenter.rpc.logic.LogoutLogic;
import looklook.proto.usercenter.usercenterGrpc;
import looklook.usercenter.rpc.logic.GenerateTokenLogic;
import looklook.usercenter.rpc.logic.GetUserAuthByAuthKeyLogic;
import looklook.usercenter.rpc.logic.GetUserAuthByUserIdLogic;
import looklook.usercenter.rpc.logic.GetUserInfoLogic;
import looklook.usercenter.rpc.logic.LoginLogic;
import looklook.usercenter.rpc.logic.RegisterLogic;
import looklook.usercenter.rpc.svc.ServiceContext;

/** The gRPC adapter: one line per RPC; exceptions are mapped by the server's interceptor. */
public final class UsercenterServer extends usercenterGrpc.usercenterImplBase {
    private final ServiceContext svc;

    public UsercenterServer(ServiceContext svc) {
        this.svc = svc;
    }

    @Override
    public void login(LoginReq req, StreamObserver<LoginResp> out) {
        reply(out, () -> new LoginLogic(svc).login(req));
    }

    @Override
    public void register(RegisterReq req, StreamObserver<RegisterResp> out) {
        reply(out, () -> new RegisterLogic(svc).register(req));
    }

    @Override
    public void getUserInfo(GetUserInfoReq req, StreamObserver<GetUserInfoResp> out) {
        reply(out, () -> new GetUserInfoLogic(svc).getUserInfo(req));
    }

    @Override
    public void getUserAuthByAuthKey(GetUserAuthByAuthKeyReq req, StreamObserver<GetUserAuthByAuthKeyResp> out) {
        reply(out, () -> new GetUserAuthByAuthKeyLogic(svc).getUserAuthByAuthKey(req));
    }

    @Override
    public void getUserAuthByUserId(GetUserAuthByUserIdReq req, StreamObserver<GetUserAuthyUserIdResp> out) {
        reply(out, () -> new GetUserAuthByUserIdLogic(svc).getUserAuthByUserId(req));
    }

    @Override
    public void generateToken(GenerateTokenReq req, StreamObserver<GenerateTokenResp> out) {
        reply(out, () -> new GenerateTokenLogic(svc).generateToken(req));
    }

    @Override
    public void sendSmsCode(SendSmsCodeReq req, StreamObserver<SendSmsCodeResp> out) {
        reply(out, () -> new SendSmsCodeLogic(svc).sendSmsCode(req));
    }

    @Override
    public void resetPassword(ResetPasswordReq req, StreamObserver<ResetPasswordResp> out) {
        reply(out, () -> new ResetPasswordLogic(svc).resetPassword(req));
    }

    @Override
    public void refreshToken(RefreshTokenReq req, StreamObserver<RefreshTokenResp> out) {
        reply(out, () -> new RefreshTokenLogic(svc).refreshToken(req));
    }

    @Override
    public void logout(LogoutReq req, StreamObserver<LogoutResp> out) {
        reply(out, () -> new LogoutLogic(svc).logout(req));
    }

    private static <T> void reply(StreamObserver<T> out, Supplier<T> logic) {
        out.onNext(logic.get());
        out.onCompleted();
    }
}
