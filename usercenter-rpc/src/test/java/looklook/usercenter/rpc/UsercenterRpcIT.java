package looklook.usercenter.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.usercenter.GenerateTokenReq;
import looklook.proto.usercenter.GetUserAuthByAuthKeyReq;
import looklook.proto.usercenter.GetUserAuthByUserIdReq;
import looklook.proto.usercenter.GetUserInfoReq;
import looklook.proto.usercenter.LoginReq;
import looklook.proto.usercenter.RegisterReq;
import looklook.proto.usercenter.RegisterResp;
import looklook.proto.usercenter.User;
import looklook.proto.usercenter.usercenterGrpc;
import looklook.usercenter.rpc.svc.ServiceContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UsercenterRpcIT {
    private static UsercenterFixture fx;
    private static ServiceContext svc;
    private static ManagedChannel channel;
    private static usercenterGrpc.usercenterBlockingStub rpc;

    @BeforeAll
    static void start() throws Exception {
        fx = new UsercenterFixture();
        svc = fx.svc;
        channel = fx.channel;
        rpc = fx.rpc;
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static String newMobile() {
        return UsercenterFixture.newMobile();
    }

    private static RegisterResp register(String mobile, String password) {
        return fx.register(mobile, password);
    }

    /** Input that is refused before any code is looked at. */
    private static RegisterResp registerWithoutCode(String mobile, String password) {
        return rpc.register(RegisterReq.newBuilder().setMobile(mobile).setPassword(password)
                .setAuthKey(mobile).setAuthType("system").setSmsCode("123456").build());
    }

    private static BizException bizError(Runnable call) {
        return UsercenterFixture.bizError(call);
    }

    private static long count(String sql, Object... args) {
        return fx.count(sql, args);
    }

    @Test
    void register_thenLogin_givesTokensForTheSameUserAndStoresOnlyAHash() {
        String mobile = newMobile();
        RegisterResp reg = register(mobile, "s3cret-pass");
        long userId = svc.tokens().verify(reg.getAccessToken());

        String stored = svc.jdbi().withHandle(h -> h.createQuery("SELECT password FROM user WHERE id = ?")
                .bind(0, userId).mapTo(String.class).one());
        assertThat(stored).startsWith("$2a$04$").doesNotContain("s3cret-pass");

        var login = rpc.login(LoginReq.newBuilder().setAuthType("system").setAuthKey(mobile).setPassword("s3cret-pass").build());
        assertThat(svc.tokens().verify(login.getAccessToken())).isEqualTo(userId);
        assertThat(login.getRefreshAfter()).isLessThan(login.getAccessExpire());

        User u = rpc.getUserInfo(GetUserInfoReq.newBuilder().setId(userId).build()).getUser();
        assertThat(u.getMobile()).isEqualTo(mobile);
        assertThat(u.getNickname()).isEqualTo("user" + mobile.substring(7));

        var auth = rpc.getUserAuthByUserId(GetUserAuthByUserIdReq.newBuilder().setUserId(userId).setAuthType("system").build());
        assertThat(auth.getUserAuth().getAuthKey()).isEqualTo(mobile);
    }

    @Test
    void register_duplicateMobile_isAlreadyRegisteredOnlyForTheCodeHolder() {
        String mobile = newMobile();
        register(mobile, "password1");
        fx.age(mobile, 61);
        assertThatThrownBy(() -> register(mobile, "password2")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
        fx.age(mobile, 61);
        assertThat(bizError(() -> register(mobile, "password2")).code()).isEqualTo(ErrorCode.USER_ALREADY_REGISTERED.code());
        assertThat(count("SELECT COUNT(*) FROM user WHERE mobile = ?", mobile)).isEqualTo(1);
    }

    @Test
    void register_concurrentlyWithOneMobileAndCode_createsExactlyOneUser() throws Exception {
        String mobile = newMobile();
        RegisterReq req = RegisterReq.newBuilder().setMobile(mobile).setPassword("password1").setAuthKey(mobile)
                .setAuthType("system").setSmsCode(fx.sendAndRead(mobile)).build();
        int threads = 12;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    RpcCalls.call(() -> rpc.register(req));
                    return 0;
                } catch (BizException e) {
                    return e.code();
                }
            }));
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
            codes.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(codes).containsOnlyOnce(0);
        assertThat(codes.stream().filter(c -> c != 0)).as("the code is used once").allMatch(c -> c == ErrorCode.SMS_CODE_INVALID.code());
        assertThat(count("SELECT COUNT(*) FROM user WHERE mobile = ?", mobile)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM user_auth WHERE auth_key = ?", mobile)).isEqualTo(1);
    }

    @Test
    void login_wrongPasswordAndUnknownMobile_giveTheSameAnswer() {
        String mobile = newMobile();
        register(mobile, "right-password");
        BizException wrong = bizError(() -> rpc.login(LoginReq.newBuilder().setAuthType("system")
                .setAuthKey(mobile).setPassword("wrong-password").build()));
        BizException unknown = bizError(() -> rpc.login(LoginReq.newBuilder().setAuthType("system")
                .setAuthKey(newMobile()).setPassword("wrong-password").build()));
        assertThat(wrong.code()).isEqualTo(ErrorCode.USER_LOGIN_FAILED.code());
        assertThat(unknown.code()).isEqualTo(wrong.code());
        assertThat(unknown.userMessage()).isEqualTo(wrong.userMessage());
    }

    @Test
    void register_badInput_isRefusedAndStoresNothing() {
        long before = count("SELECT COUNT(*) FROM user");
        String m = newMobile();
        List<Runnable> bad = List.of(
                () -> registerWithoutCode("12345", "password1"),
                () -> registerWithoutCode("2" + m.substring(1), "password1"),
                () -> registerWithoutCode(m, "short"),
                () -> registerWithoutCode(m, "x".repeat(73)),
                () -> registerWithoutCode(m, "密码".repeat(13)), // 26 characters, 78 bytes: over bcrypt's limit
                () -> rpc.register(RegisterReq.newBuilder().setMobile(m).setPassword("password1").setAuthKey(m).setAuthType("qq").build()),
                () -> rpc.register(RegisterReq.newBuilder().setMobile(m).setPassword("password1").setAuthKey(m).setAuthType("system").setSmsCode("123456")
                        .setNickname("n".repeat(65)).build()));
        for (Runnable call : bad) {
            BizException e = bizError(call);
            assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
            assertThat(e.userMessage()).containsAnyOf("mobile", "password", "authType", "nickname");
        }
        assertThat(count("SELECT COUNT(*) FROM user")).isEqualTo(before);
    }

    @Test
    void wxMiniUser_isFoundByOpenidAndCannotLogInWithAPassword() {
        String mobile = newMobile();
        String openid = "o" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        RegisterResp reg = rpc.register(RegisterReq.newBuilder().setMobile(mobile).setAuthKey(openid).setAuthType("wxMini").build());
        long userId = svc.tokens().verify(reg.getAccessToken());

        var found = rpc.getUserAuthByAuthKey(GetUserAuthByAuthKeyReq.newBuilder().setAuthType("wxMini").setAuthKey(openid).build());
        assertThat(found.getUserAuth().getUserId()).isEqualTo(userId);
        var none = rpc.getUserAuthByAuthKey(GetUserAuthByAuthKeyReq.newBuilder().setAuthType("wxMini").setAuthKey("unknown-openid").build());
        assertThat(none.hasUserAuth()).isFalse();
        var noSystem = rpc.getUserAuthByUserId(GetUserAuthByUserIdReq.newBuilder().setUserId(userId).setAuthType("system").build());
        assertThat(noSystem.hasUserAuth()).isFalse();

        BizException e = bizError(() -> rpc.login(LoginReq.newBuilder().setAuthType("system").setAuthKey(mobile).setPassword("anything").build()));
        assertThat(e.code()).isEqualTo(ErrorCode.USER_LOGIN_FAILED.code());
    }

    @Test
    void wxMiniRegistration_ofAKnownMobile_bindsTheOpenidOnceAndRetriesAreHarmless() {
        String mobile = newMobile();
        long userId = svc.tokens().verify(register(mobile, "password1").getAccessToken());
        String openid = "o" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        RegisterReq bind = RegisterReq.newBuilder().setMobile(mobile).setAuthKey(openid).setAuthType("wxMini").build();

        assertThat(svc.tokens().verify(rpc.register(bind).getAccessToken())).isEqualTo(userId);
        assertThat(svc.tokens().verify(rpc.register(bind).getAccessToken())).as("a retried bind").isEqualTo(userId);
        assertThat(count("SELECT COUNT(*) FROM user_auth WHERE user_id = ?", userId)).isEqualTo(2);

        BizException other = bizError(() -> rpc.register(bind.toBuilder().setAuthKey("o-someone-else").build()));
        assertThat(other.code()).isEqualTo(ErrorCode.USER_WX_BOUND_ELSEWHERE.code());
        assertThat(count("SELECT COUNT(*) FROM user WHERE mobile = ?", mobile)).isEqualTo(1);
    }

    @Test
    void reflection_listsTheUsercenterService() throws Exception {
        assertThat(looklook.pkg.testing.Reflection.listServices(channel)).contains("pb.usercenter");
    }

    @Test
    void generateTokenAndGetUserInfo_checkTheUserExists() {
        long userId = svc.tokens().verify(register(newMobile(), "password1").getAccessToken());
        var t = rpc.generateToken(GenerateTokenReq.newBuilder().setUserId(userId).build());
        assertThat(svc.tokens().verify(t.getAccessToken())).isEqualTo(userId);

        assertThat(bizError(() -> rpc.generateToken(GenerateTokenReq.newBuilder().setUserId(Long.MAX_VALUE).build())).code())
                .isEqualTo(ErrorCode.USER_NOT_FOUND.code());
        assertThat(bizError(() -> rpc.getUserInfo(GetUserInfoReq.newBuilder().setId(Long.MAX_VALUE).build())).code())
                .isEqualTo(ErrorCode.USER_NOT_FOUND.code());
        BizException negative = bizError(() -> rpc.getUserInfo(GetUserInfoReq.newBuilder().setId(-1).build()));
        assertThat(negative.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(negative.userMessage()).isEqualTo("id: -1 (expected > 0)");
    }
}
