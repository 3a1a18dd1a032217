package looklook.usercenter.rpc;

import static looklook.usercenter.rpc.UsercenterFixture.bizError;
import static looklook.usercenter.rpc.UsercenterFixture.newMobile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.usercenter.LoginReq;
import looklook.proto.usercenter.LoginResp;
import looklook.proto.usercenter.LogoutReq;
import looklook.proto.usercenter.RefreshTokenReq;
import looklook.proto.usercenter.RefreshTokenResp;
import looklook.proto.usercenter.RegisterReq;
import looklook.proto.usercenter.ResetPasswordReq;
import looklook.proto.usercenter.SendSmsCodeReq;
import looklook.proto.usercenter.SendSmsCodeResp;
import looklook.usercenter.rpc.svc.SmsCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The account rules of issue 10: SMS-proven mobiles, rotating refresh tokens, revocation, no takeover. */
class AccountsIT {
    private static UsercenterFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new UsercenterFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static RegisterReq systemRegister(String mobile, String code) {
        return RegisterReq.newBuilder().setMobile(mobile).setPassword("password1").setAuthKey(mobile)
                .setAuthType("system").setSmsCode(code).build();
    }

    private static SendSmsCodeResp send(String mobile) {
        return fx.rpc.sendSmsCode(SendSmsCodeReq.newBuilder().setMobile(mobile).build());
    }

    private static LoginResp login(String mobile, String password) {
        return fx.rpc.login(LoginReq.newBuilder().setAuthType("system").setAuthKey(mobile).setPassword(password).build());
    }

    private static void assertRefused(String accessToken) {
        assertThatThrownBy(() -> fx.svc.tokens().verify(accessToken)).isInstanceOfSatisfying(BizException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_EXPIRE_ERROR.code()));
    }

    private static int refreshError(String refreshToken) {
        return bizError(() -> fx.rpc.refreshToken(RefreshTokenReq.newBuilder().setRefreshToken(refreshToken).build())).code();
    }

    private static RefreshTokenResp refresh(String refreshToken) {
        return fx.rpc.refreshToken(RefreshTokenReq.newBuilder().setRefreshToken(refreshToken).build());
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    // --- SMS codes ---

    @Test
    void sendSmsCode_answersTheSameForAKnownAndAnUnknownMobile() {
        String known = newMobile();
        fx.register(known, "password1");
        fx.age(known, 61);
        String unknown = newMobile();

        SendSmsCodeResp a = send(known);
        SendSmsCodeResp b = send(unknown);
        assertThat(a.getResendAfter()).isCloseTo(b.getResendAfter(), org.assertj.core.data.Offset.offset(1L));
        assertThat(a.getResendAfter() - Instant.now().getEpochSecond()).isBetween(58L, 61L);
        assertThat(fx.sms.of(unknown)).hasSize(1);
        assertThat(fx.sms.of(known)).hasSize(2);
        // the text is the same but for the code
        assertThat(fx.sms.of(known).get(1).replaceAll("\\d{6}", "")).isEqualTo(fx.sms.of(unknown).get(0).replaceAll("\\d{6}", ""));
        // and a second request inside the minute is refused alike
        assertThat(bizError(() -> send(known)).code()).isEqualTo(bizError(() -> send(unknown)).code())
                .isEqualTo(ErrorCode.SMS_CODE_TOO_FREQUENT.code());
    }

    @Test
    void smsCode_storedHashedOnly() {
        String mobile = newMobile();
        String code = fx.sendAndRead(mobile);
        String stored = fx.svc.jdbi().withHandle(h -> h.createQuery("SELECT code_hash FROM sms_code WHERE mobile = ?")
                .bind(0, mobile).mapTo(String.class).one());
        assertThat(stored).hasSize(64).doesNotContain(code);
    }

    @Test
    void smsCode_isSingleUse() {
        String mobile = newMobile();
        String code = fx.sendAndRead(mobile);
        fx.rpc.register(systemRegister(mobile, code));
        BizException again = bizError(() -> fx.rpc.resetPassword(ResetPasswordReq.newBuilder()
                .setMobile(mobile).setSmsCode(code).setPassword("password2").build()));
        assertThat(again.code()).isEqualTo(ErrorCode.SMS_CODE_INVALID.code());
    }

    @Test
    void smsCode_expiresAfterFiveMinutes() {
        String mobile = newMobile();
        String code = fx.sendAndRead(mobile);
        fx.age(mobile, SmsCodes.TTL_SECONDS + 1);
        assertThat(bizError(() -> fx.rpc.register(systemRegister(mobile, code))).code()).isEqualTo(ErrorCode.SMS_CODE_INVALID.code());
        assertThat(fx.count("SELECT COUNT(*) FROM user WHERE mobile = ?", mobile)).isZero();

        String fresh = fx.sendAndRead(mobile);
        fx.age(mobile, SmsCodes.TTL_SECONDS - 10);
        fx.rpc.register(systemRegister(mobile, fresh));
        assertThat(fx.count("SELECT COUNT(*) FROM user WHERE mobile = ? AND mobile_verified = 1", mobile)).isEqualTo(1);
    }

    @Test
    void smsCode_aNewCodeKillsTheOlderOne() {
        String mobile = newMobile();
        String first = fx.sendAndRead(mobile);
        fx.age(mobile, 61);
        String second = fx.sendAndRead(mobile);
        if (!first.equals(second)) {
            assertThat(bizError(() -> fx.rpc.register(systemRegister(mobile, first))).code()).isEqualTo(ErrorCode.SMS_CODE_INVALID.code());
        }
        fx.rpc.register(systemRegister(mobile, second));
    }

    @Test
    void smsCode_perMobileLimits_oneAMinuteFiveAnHour() {
        String mobile = newMobile();
        send(mobile);
        assertThat(bizError(() -> send(mobile)).code()).as("inside the minute").isEqualTo(ErrorCode.SMS_CODE_TOO_FREQUENT.code());
        for (int i = 2; i <= SmsCodes.PER_HOUR; i++) {
            fx.age(mobile, 61);
            send(mobile);
        }
        fx.age(mobile, 61);
        assertThat(bizError(() -> send(mobile)).code()).as("the sixth in the hour").isEqualTo(ErrorCode.SMS_CODE_TOO_FREQUENT.code());
        assertThat(fx.sms.of(mobile)).hasSize(SmsCodes.PER_HOUR);
        // another mobile is not affected
        send(newMobile());
        fx.age(mobile, 3600);
        send(mobile);
        assertThat(fx.sms.of(mobile)).hasSize(SmsCodes.PER_HOUR + 1);
    }

    @Test
    void smsCode_wrongTriesBurnIt() {
        String mobile = newMobile();
        String code = fx.sendAndRead(mobile);
        for (int i = 0; i < SmsCodes.MAX_WRONG_TRIES; i++) {
            assertThat(bizError(() -> fx.rpc.register(systemRegister(mobile, wrong(code)))).code())
                    .isEqualTo(ErrorCode.SMS_CODE_INVALID.code());
        }
        assertThat(bizError(() -> fx.rpc.register(systemRegister(mobile, code))).code()).as("the right code, burned")
                .isEqualTo(ErrorCode.SMS_CODE_INVALID.code());
        assertThat(fx.count("SELECT COUNT(*) FROM user WHERE mobile = ?", mobile)).isZero();

        // fewer wrong tries leave it usable
        String other = newMobile();
        String otherCode = fx.sendAndRead(other);
        for (int i = 0; i < SmsCodes.MAX_WRONG_TRIES - 1; i++) {
            bizError(() -> fx.rpc.register(systemRegister(other, wrong(otherCode))));
        }
        fx.rpc.register(systemRegister(other, otherCode));
    }

    @Test
    void register_wrongCode_answersAlikeForAKnownAndAnUnknownMobile() {
        String known = newMobile();
        fx.register(known, "password1");
        fx.age(known, 61);
        String knownCode = fx.sendAndRead(known);
        String unknown = newMobile();
        String unknownCode = fx.sendAndRead(unknown);
        BizException a = bizError(() -> fx.rpc.register(systemRegister(known, wrong(knownCode))));
        BizException b = bizError(() -> fx.rpc.register(systemRegister(unknown, wrong(unknownCode))));
        assertThat(a.code()).isEqualTo(b.code()).isEqualTo(ErrorCode.SMS_CODE_INVALID.code());
        assertThat(a.userMessage()).isEqualTo(b.userMessage());
        // without a code nobody gets to claim the mobile
        BizException none = bizError(() -> fx.rpc.register(systemRegister(newMobile(), "")));
        assertThat(none.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(none.userMessage()).startsWith("smsCode:");
    }

    // --- the account takeover ---

    @Test
    void takeover_strangersMobileCannotBeRegisteredWithoutTheCode() {
        String stranger = newMobile();
        fx.sendAndRead(stranger); // the stranger's phone gets the text, the attacker does not
        for (int i = 0; i < SmsCodes.MAX_WRONG_TRIES + 2; i++) {
            String guess = String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
            if (!guess.equals(fx.sms.lastCode(stranger))) {
                bizError(() -> fx.rpc.register(systemRegister(stranger, guess)));
            }
        }
        assertThat(fx.count("SELECT COUNT(*) FROM user WHERE mobile = ?", stranger)).isZero();
    }

    @Test
    void takeover_weChatLoginWithThePhoneOfAnUnprovenAccount_doesNotGetThatAccount() {
        // an account registered with a password before codes existed: nobody proved the mobile
        String phone = newMobile();
        long attacker = fx.svc.jdbi().withHandle(h -> h.createUpdate(
                "INSERT INTO user (mobile, mobile_verified, password, nickname) VALUES (?, 0, ?, 'attacker')")
                .bind(0, phone).bind(1, fx.svc.passwords().hash("attacker-pw"))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        fx.svc.jdbi().useHandle(h -> h.execute("INSERT INTO user_auth (user_id, auth_type, auth_key) VALUES (?, 'system', ?)",
                attacker, phone));
        String attackerAccess = login(phone, "attacker-pw").getAccessToken();

        // the real owner logs in through WeChat, which verified the phone
        String openid = "oOwner" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        RegisterReq wx = RegisterReq.newBuilder().setMobile(phone).setAuthType("wxMini").setAuthKey(openid).build();
        BizException refused = bizError(() -> fx.rpc.register(wx));
        assertThat(refused.code()).isEqualTo(ErrorCode.USER_MOBILE_UNVERIFIED.code());
        assertThat(fx.count("SELECT COUNT(*) FROM user_auth WHERE auth_key = ?", openid)).isZero();

        // the owner proves the phone by SMS and resets the password: the attacker is out, WeChat binds
        String code = fx.sendAndRead(phone);
        fx.rpc.resetPassword(ResetPasswordReq.newBuilder().setMobile(phone).setSmsCode(code).setPassword("owner-pw").build());
        assertRefused(attackerAccess);
        assertThat(bizError(() -> login(phone, "attacker-pw")).code()).isEqualTo(ErrorCode.USER_LOGIN_FAILED.code());
        assertThat(fx.svc.tokens().verify(fx.rpc.register(wx).getAccessToken())).isEqualTo(attacker);
    }

    @Test
    void weChatLogin_withThePhoneOfAnSmsProvenAccount_bindsToIt() {
        String phone = newMobile();
        long userId = fx.svc.tokens().verify(fx.register(phone, "password1").getAccessToken());
        String openid = "oProven" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        var wx = fx.rpc.register(RegisterReq.newBuilder().setMobile(phone).setAuthType("wxMini").setAuthKey(openid).build());
        assertThat(fx.svc.tokens().verify(wx.getAccessToken())).isEqualTo(userId);
    }

    // --- sessions ---

    @Test
    void refresh_rotates_theNewPairWorksAndTheOldRefreshTokenDoesNot() {
        String mobile = newMobile();
        var reg = fx.register(mobile, "password1");
        assertThat(reg.getRefreshToken()).hasSize(43);
        assertThat(reg.getRefreshExpire()).isGreaterThan(reg.getAccessExpire());
        long userId = fx.svc.tokens().verify(reg.getAccessToken());

        RefreshTokenResp next = refresh(reg.getRefreshToken());
        assertThat(fx.svc.tokens().verify(next.getAccessToken())).isEqualTo(userId);
        assertThat(next.getRefreshToken()).isNotEqualTo(reg.getRefreshToken());
        assertThat(fx.svc.tokens().authenticate(next.getAccessToken()).sessionId())
                .as("one session").isEqualTo(fx.svc.tokens().authenticate(reg.getAccessToken()).sessionId());
        RefreshTokenResp third = refresh(next.getRefreshToken());
        assertThat(fx.svc.tokens().verify(third.getAccessToken())).isEqualTo(userId);
        assertThat(fx.count("SELECT COUNT(*) FROM refresh_token WHERE token_hash LIKE ?", "%" + reg.getRefreshToken() + "%"))
                .as("stored hashed").isZero();
    }

    @Test
    void refresh_replayOfARotatedToken_revokesTheWholeFamily() {
        var reg = fx.register(newMobile(), "password1");
        RefreshTokenResp next = refresh(reg.getRefreshToken());

        assertThat(refreshError(reg.getRefreshToken())).isEqualTo(ErrorCode.REFRESH_TOKEN_INVALID.code());
        // the thief's replay ends the session: the legitimate holder's newer tokens die too
        assertThat(refreshError(next.getRefreshToken())).isEqualTo(ErrorCode.REFRESH_TOKEN_INVALID.code());
        assertRefused(next.getAccessToken());
        assertRefused(reg.getAccessToken());
    }

    @Test
    void refresh_unknownMalformedOrExpired_isRefused() {
        assertThat(refreshError("x".repeat(43))).isEqualTo(ErrorCode.REFRESH_TOKEN_INVALID.code());
        assertThat(refreshError("short")).isEqualTo(ErrorCode.REFRESH_TOKEN_INVALID.code());
        var reg = fx.register(newMobile(), "password1");
        fx.svc.jdbi().useHandle(h -> h.execute("UPDATE refresh_token t JOIN user_session s ON s.session_id = t.session_id "
                + "SET t.expire_time = NOW(3) - INTERVAL 1 SECOND WHERE s.session_id = ?",
                fx.svc.tokens().authenticate(reg.getAccessToken()).sessionId()));
        assertThat(refreshError(reg.getRefreshToken())).isEqualTo(ErrorCode.REFRESH_TOKEN_INVALID.code());
    }

    @Test
    void logout_revokesTheSessionsAccessAndRefreshTokens_notTheOtherSessions() {
        String mobile = newMobile();
        var reg = fx.register(mobile, "password1");
        LoginResp phone2 = login(mobile, "password1");
        LoginResp tablet = login(mobile, "password1");
        JwtTokens.Principal p = fx.svc.tokens().authenticate(reg.getAccessToken());

        fx.rpc.logout(LogoutReq.newBuilder().setUserId(p.userId()).setSessionId(p.sessionId())
                .setRefreshToken(phone2.getRefreshToken()).build());
        assertRefused(reg.getAccessToken());
        assertThat(refreshError(reg.getRefreshToken())).isEqualTo(ErrorCode.REFRESH_TOKEN_INVALID.code());
        assertRefused(phone2.getAccessToken());
        assertThat(refreshError(phone2.getRefreshToken())).isEqualTo(ErrorCode.REFRESH_TOKEN_INVALID.code());
        assertThat(fx.svc.tokens().verify(tablet.getAccessToken())).isEqualTo(p.userId());
        assertThat(fx.svc.tokens().verify(refresh(tablet.getRefreshToken()).getAccessToken())).isEqualTo(p.userId());
    }

    @Test
    void logout_cannotEndAnotherUsersSession() {
        var mine = fx.register(newMobile(), "password1");
        var theirs = fx.register(newMobile(), "password1");
        JwtTokens.Principal me = fx.svc.tokens().authenticate(mine.getAccessToken());
        JwtTokens.Principal them = fx.svc.tokens().authenticate(theirs.getAccessToken());
        fx.rpc.logout(LogoutReq.newBuilder().setUserId(me.userId()).setSessionId(them.sessionId())
                .setRefreshToken(theirs.getRefreshToken()).build());
        assertThat(fx.svc.tokens().verify(theirs.getAccessToken())).isEqualTo(them.userId());
        assertThat(refresh(theirs.getRefreshToken()).getAccessToken()).isNotEmpty();
    }

    @Test
    void resetPassword_revokesEverySessionAndProvesTheMobile() {
        String mobile = newMobile();
        var reg = fx.register(mobile, "password1");
        LoginResp other = login(mobile, "password1");
        fx.age(mobile, 61);
        String code = fx.sendAndRead(mobile);

        fx.rpc.resetPassword(ResetPasswordReq.newBuilder().setMobile(mobile).setSmsCode(code).setPassword("new-password").build());
        assertRefused(reg.getAccessToken());
        assertRefused(other.getAccessToken());
        assertThat(refreshError(reg.getRefreshToken())).isEqualTo(ErrorCode.REFRESH_TOKEN_INVALID.code());
        assertThat(refreshError(other.getRefreshToken())).isEqualTo(ErrorCode.REFRESH_TOKEN_INVALID.code());
        assertThat(bizError(() -> login(mobile, "password1")).code()).isEqualTo(ErrorCode.USER_LOGIN_FAILED.code());
        assertThat(fx.svc.tokens().verify(login(mobile, "new-password").getAccessToken())).isPositive();
    }

    @Test
    void resetPassword_wrongCode_changesNothing() {
        String mobile = newMobile();
        var reg = fx.register(mobile, "password1");
        fx.age(mobile, 61);
        String code = fx.sendAndRead(mobile);
        BizException e = bizError(() -> fx.rpc.resetPassword(ResetPasswordReq.newBuilder().setMobile(mobile)
                .setSmsCode(wrong(code)).setPassword("new-password").build()));
        assertThat(e.code()).isEqualTo(ErrorCode.SMS_CODE_INVALID.code());
        assertThat(fx.svc.tokens().verify(reg.getAccessToken())).isPositive();
        assertThat(login(mobile, "password1").getAccessToken()).isNotEmpty();
    }
}
