package looklook.usercenter.rpc.logic;

import java.util.Optional;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.log.Mask;
import looklook.pkg.store.SqlErrors;
import looklook.proto.usercenter.RegisterReq;
import looklook.proto.usercenter.RegisterResp;
import looklook.usercenter.rpc.model.AuthType;
import looklook.usercenter.rpc.model.User;
import looklook.usercenter.rpc.model.UserAuthModel;
import looklook.usercenter.rpc.model.UserModel;
import looklook.usercenter.rpc.svc.ServiceContext;
import looklook.usercenter.rpc.svc.Sessions;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a user and its first way to log in, in one transaction, and starts a session. Every new
 * user's mobile is proven: a system registration by the SMS code, a wxMini one by WeChat's
 * verified phone. A wxMini registration for a mobile that already has a user binds the openid to
 * that user only if the user proved the mobile too; otherwise whoever set that account up never
 * showed they hold the phone, and handing them this WeChat user would be an account takeover.
 */
public final class RegisterLogic {
    private static final Logger log = LoggerFactory.getLogger(RegisterLogic.class);
    private final ServiceContext svc;

    public RegisterLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RegisterResp register(RegisterReq in) {
        // 1. validate: a system user logs in with mobile + password, a wxMini user with its openid
        String mobile = Validate.mobile(in.getMobile());
        AuthType type = Validate.authType(in.getAuthType());
        String authKey = type == AuthType.SYSTEM ? mobile : Validate.authKey(in.getAuthKey());
        String password = type == AuthType.SYSTEM || !in.getPassword().isEmpty() ? Validate.password(in.getPassword()) : "";
        String nickname = in.getNickname().isBlank() ? "user" + mobile.substring(7) : in.getNickname().strip();
        if (nickname.length() > 64) {
            throw BizException.badParam("nickname: " + nickname.length() + " characters (expected at most 64)");
        }

        // 2. proof of the mobile before anything about it is told: a wrong, used or missing code
        //    answers 110008 whether or not the mobile has a user
        if (type == AuthType.SYSTEM) {
            svc.smsCodes().consume(mobile, Validate.smsCode(in.getSmsCode()));
        }

        // 3. a known mobile: only its proven holder learns it is registered (the unique key still decides races)
        Optional<User> existing = svc.jdbi().withExtension(UserModel.class, m -> m.findOneByMobile(mobile));
        if (existing.isPresent()) {
            if (type != AuthType.WX_MINI) {
                throw new BizException(ErrorCode.USER_ALREADY_REGISTERED);
            }
            if (!existing.get().mobileVerified()) {
                log.warn("wxMini login with the phone of user {}, who never proved it: not bound", existing.get().id());
                throw new BizException(ErrorCode.USER_MOBILE_UNVERIFIED);
            }
            return resp(svc.sessions().start(bindWxMini(existing.get().id(), authKey)));
        }
        String hash = password.isEmpty() ? "" : svc.passwords().hash(password);

        // 4. insert both rows; the unique keys decide a race between two registrations
        long userId;
        try {
            userId = svc.jdbi().inTransaction(h -> {
                long id = h.attach(UserModel.class).insert(new User(0, mobile, true, hash, nickname, 0, "", ""));
                h.attach(UserAuthModel.class).insert(id, type.code(), authKey);
                return id;
            });
        } catch (JdbiException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                throw new BizException(ErrorCode.USER_ALREADY_REGISTERED);
            }
            throw new BizException(ErrorCode.DB_ERROR, "register mobile " + Mask.mobile(mobile) + ": " + e.getMessage(), e);
        }
        log.info("registered user {} ({})", userId, type.code());

        // 5. log the new user in
        return resp(svc.sessions().start(userId));
    }

    private long bindWxMini(long userId, String openid) {
        try {
            svc.jdbi().useExtension(UserAuthModel.class, m -> m.insert(userId, AuthType.WX_MINI.code(), openid));
        } catch (JdbiException e) {
            boolean alreadyOurs = SqlErrors.isDuplicateKey(e) && svc.jdbi().withExtension(UserAuthModel.class,
                    m -> m.findOneByAuthTypeAuthKey(AuthType.WX_MINI.code(), openid))
                    .filter(a -> a.userId() == userId).isPresent();
            if (alreadyOurs) {
                return userId; // a retried bind
            }
            if (SqlErrors.isDuplicateKey(e)) {
                throw new BizException(ErrorCode.USER_WX_BOUND_ELSEWHERE);
            }
            throw new BizException(ErrorCode.DB_ERROR, "bind openid to user " + userId + ": " + e.getMessage(), e);
        }
        log.info("bound a wxMini openid to existing user {}", userId);
        return userId;
    }

    private static RegisterResp resp(Sessions.Pair p) {
        return RegisterResp.newBuilder().setAccessToken(p.access().accessToken()).setAccessExpire(p.access().accessExpire())
                .setRefreshAfter(p.access().refreshAfter()).setRefreshToken(p.refreshToken()).setRefreshExpire(p.refreshExpire())
                .build();
    }
}
