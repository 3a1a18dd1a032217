package looklook.usercenter.rpc.logic;

import java.util.Optional;
import looklook.pkg.auth.JwtTokens;
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
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a user and its first way to log in, in one transaction, and returns a token. A wxMini
 * registration for a mobile that already has a user binds the openid to that user instead.
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
        // a known mobile is refused before paying for a bcrypt hash (the unique key still decides races),
        // except that a WeChat login whose phone WeChat verified binds that openid to the mobile's user
        Optional<User> existing = svc.jdbi().withExtension(UserModel.class, m -> m.findOneByMobile(mobile));
        if (existing.isPresent()) {
            if (type != AuthType.WX_MINI) {
                throw new BizException(ErrorCode.USER_ALREADY_REGISTERED);
            }
            return token(bindWxMini(existing.get().id(), authKey));
        }
        String hash = type == AuthType.SYSTEM || !in.getPassword().isEmpty()
                ? svc.passwords().hash(Validate.password(in.getPassword()))
                : "";
        String nickname = in.getNickname().isBlank() ? "user" + mobile.substring(7) : in.getNickname().strip();
        if (nickname.length() > 64) {
            throw BizException.badParam("nickname: " + nickname.length() + " characters (expected at most 64)");
        }

        // 2. insert both rows; the unique keys decide a race between two registrations
        long userId;
        try {
            userId = svc.jdbi().inTransaction(h -> {
                long id = h.attach(UserModel.class).insert(new User(0, mobile, hash, nickname, 0, "", ""));
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

        // 3. log the new user in
        return token(userId);
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

    private RegisterResp token(long userId) {
        JwtTokens.Token t = svc.tokens().issue(userId);
        return RegisterResp.newBuilder()
                .setAccessToken(t.accessToken()).setAccessExpire(t.accessExpire()).setRefreshAfter(t.refreshAfter())
                .build();
    }
}
