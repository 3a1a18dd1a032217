package looklook.usercenter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.auth.SessionRevocations;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.rest.RestServer;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.testing.SmsInbox;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.SandboxProcess;
import looklook.pkg.wechat.WxMiniConf;
import looklook.usercenter.api.config.UsercenterApiConfig;
import looklook.usercenter.api.handler.Routes;
import looklook.usercenter.api.svc.ServiceContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * usercenter-api in this JVM in front of the real usercenter-rpc process (its jar), the two
 * finding each other through the real etcd.
 */
class UsercenterApiIT {
    static final String SECRET = TestInfra.jwtSecret();
    private static final String SID = "test-session-00000001";
    private static final String KEY = TestInfra.unique("usercenter.rpc");
    @TempDir
    static Path tmp;
    private static MysqlDsn dsn;
    private static MeshProcess rpc;
    private static SandboxProcess.Running sim;
    private static ServiceContext apiSvc;
    private static RestServer api;

    /** Starts usercenter-rpc from its jar, registered under {@code key}, on database {@code dsn}. */
    static MeshProcess startRpc(String key, MysqlDsn dsn, Path dir, SandboxProcess.Running sim) throws Exception {
        int port = MeshProcess.freePort();
        int dev = MeshProcess.freePort();
        String yaml = MeshProcess.etc("usercenter-rpc", Map.of(
                "127.0.0.1:2004", "127.0.0.1:" + port,
                "Port: 4002", "Port: " + dev,
                "Key: usercenter.rpc", "Key: " + key,
                "/looklook_usercenter?", "/" + dsn.database() + "?",
                "PasswordCost: 10", "PasswordCost: 4"));
        Map<String, String> env = new HashMap<>(TestInfra.env());
        env.put("LOOKLOOK_JWT_SECRET", SECRET);
        env.put("LOOKLOOK_WECHAT_BASE_URL", sim.baseUrl()); // the sandbox SMS provider
        return MeshProcess.start("usercenter-rpc", yaml, env, dev, dir);
    }

    @BeforeAll
    static void start() throws Exception {
        dsn = TestInfra.freshDatabase("looklook_usercenter");
        sim = SandboxProcess.start(tmp, 0.001);
        rpc = startRpc(KEY, dsn, tmp, sim);
        apiSvc = new ServiceContext(apiConfig(KEY));
        api = Routes.register(new RestServer(apiSvc.config().rest(), apiSvc.metrics()), apiSvc).start();
        // the first call resolves through etcd and connects; on a loaded machine that can outlast a
        // call's deadline, so no test should be the one to pay for it
        await().atMost(Duration.ofSeconds(20)).until(() -> post("login", creds(newMobile(), "password1"), null).code() == 110002);
    }

    private static UsercenterApiConfig apiConfig(String rpcKey) {
        return new UsercenterApiConfig("usercenter-api", "127.0.0.1", 0, null, null, null, null, new DevServerConf("127.0.0.1", 0),
                JwtAuthConf.of(SECRET, 3600L), TestInfra.redisConf(),
                TestInfra.asCaller(RpcClientConf.etcd(TestInfra.etcdHosts(), rpcKey), "usercenter-api"),
                new WxMiniConf(SandboxProcess.APP_ID, sim.miniSecret(), sim.baseUrl(), null), null);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        apiSvc.close();
        rpc.close();
        sim.close();
        DataSources.dropDatabase(dsn);
    }

    private static String newMobile() {
        return "138" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static Http.Reply post(String path, String json, String token) throws Exception {
        return Http.post(api.port(), "/usercenter/v1/user/" + path, json, token);
    }

    private static String creds(String mobile, String password) {
        return "{\"mobile\":\"" + mobile + "\",\"password\":\"" + password + "\"}";
    }

    private static String creds(String mobile, String password, String smsCode) {
        return "{\"mobile\":\"" + mobile + "\",\"password\":\"" + password + "\",\"smsCode\":\"" + smsCode + "\"}";
    }

    /** The code the mobile's holder reads on the phone after sendSmsCode. */
    static String smsCode(int apiPort, int simPort, String mobile) throws Exception {
        Http.Reply sent = Http.post(apiPort, "/usercenter/v1/user/sendSmsCode", "{\"mobile\":\"" + mobile + "\"}", null);
        assertThat(sent.status()).as(sent.body().toString()).isEqualTo(200);
        return SmsInbox.lastCode(simPort, mobile);
    }

    /** The new sign-up: a code to the phone, then register with it. */
    private static Http.Reply signUp(String mobile, String password) throws Exception {
        return post("register", creds(mobile, password, smsCode(api.port(), sim.port(), mobile)), null);
    }

    @Test
    void registerLoginDetail_worksOverHttp() throws Exception {
        String mobile = newMobile();
        Http.Reply reg = signUp(mobile, "password1");
        assertThat(reg.status()).isEqualTo(200);
        assertThat(reg.code()).isEqualTo(200);
        assertThat(reg.msg()).isEqualTo("OK");
        assertThat(reg.data().path("accessExpire").asLong()).isGreaterThan(Instant.now().getEpochSecond());

        Http.Reply login = post("login", creds(mobile, "password1"), null);
        assertThat(login.status()).isEqualTo(200);
        String token = login.data().path("accessToken").asText();

        Http.Reply detail = post("detail", "", token);
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.data().path("userInfo").path("mobile").asText()).isEqualTo(mobile);
        assertThat(detail.data().path("userInfo").has("password")).isFalse();
        assertThat(detail.data().path("userInfo").path("id").asLong())
                .isEqualTo(apiSvc.tokens().verify(reg.data().path("accessToken").asText()));
    }

    @Test
    void register_withoutAValidCode_isRefusedAlikeForKnownAndUnknownMobiles() throws Exception {
        String known = newMobile();
        String code = smsCode(api.port(), sim.port(), known);
        assertThat(post("register", creds(known, "password1", code), null).status()).isEqualTo(200);
        Http.Reply reused = post("register", creds(known, "password2", code), null);
        Http.Reply unknown = post("register", creds(newMobile(), "password2", code), null);
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.code()).isEqualTo(110008);
        assertThat(reused.body()).isEqualTo(unknown.body());
        assertThat(post("register", creds(newMobile(), "password1"), null).msg()).isEqualTo("missing required field smsCode");
    }

    @Test
    void sendSmsCode_sameAnswerForKnownAndUnknown_thenTooFrequentIs429() throws Exception {
        String known = newMobile();
        signUp(known, "password1");
        String unknown = newMobile();
        Http.Reply k = post("sendSmsCode", "{\"mobile\":\"" + known + "\"}", null);
        Http.Reply u = post("sendSmsCode", "{\"mobile\":\"" + unknown + "\"}", null);
        assertThat(k.status()).isEqualTo(429);
        assertThat(k.code()).isEqualTo(110009);
        assertThat(u.status()).isEqualTo(200);
        assertThat(u.data().fieldNames()).toIterable().containsExactly("resendAfter");
        Http.Reply again = post("sendSmsCode", "{\"mobile\":\"" + unknown + "\"}", null);
        assertThat(again.body()).isEqualTo(k.body());
    }

    @Test
    void refreshToken_rotates_andLogoutRevokesTheAccessToken() throws Exception {
        String mobile = newMobile();
        Http.Reply reg = signUp(mobile, "password1");
        String access = reg.data().path("accessToken").asText();
        String refresh = reg.data().path("refreshToken").asText();
        assertThat(reg.data().path("refreshExpire").asLong()).isGreaterThan(reg.data().path("accessExpire").asLong());

        Http.Reply next = post("refreshToken", "{\"refreshToken\":\"" + refresh + "\"}", null);
        assertThat(next.status()).isEqualTo(200);
        String nextAccess = next.data().path("accessToken").asText();
        assertThat(post("detail", "{}", nextAccess).status()).isEqualTo(200);
        Http.Reply old = post("refreshToken", "{\"refreshToken\":\"" + refresh + "\"}", null);
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.code()).isEqualTo(110012);
        // the replay ended the session: the pair it gave is dead too
        assertThat(post("detail", "{}", nextAccess).status()).isEqualTo(401);

        Http.Reply login = post("login", creds(mobile, "password1"), null);
        String token = login.data().path("accessToken").asText();
        assertThat(post("logout", "{}", token).status()).isEqualTo(200);
        Http.Reply after = post("detail", "{}", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.code()).isEqualTo(100003);
        assertThat(post("refreshToken", "{\"refreshToken\":\"" + login.data().path("refreshToken").asText() + "\"}", null).status())
                .isEqualTo(401);
        assertThat(post("logout", "{}", token).status()).as("logout needs a live token").isEqualTo(401);
        assertThat(access).isNotEqualTo(token);
    }

    @Test
    void resetPassword_bySms_revokesTheAccountsTokens() throws Exception {
        String phone = newMobile();
        Http.Reply wx = post("wxMiniAuth", wxLogin(TestInfra.unique("o"), phone, null), null);
        String token = wx.data().path("accessToken").asText();
        assertThat(post("detail", "{}", token).status()).isEqualTo(200);

        String code = smsCode(api.port(), sim.port(), phone);
        Http.Reply reset = post("resetPassword", "{\"mobile\":\"" + phone + "\",\"smsCode\":\"" + code
                + "\",\"password\":\"new-password\"}", null);
        assertThat(reset.status()).as(reset.body().toString()).isEqualTo(200);
        assertThat(post("detail", "{}", token).status()).isEqualTo(401);
        assertThat(post("refreshToken", "{\"refreshToken\":\"" + wx.data().path("refreshToken").asText() + "\"}", null).status())
                .isEqualTo(401);
        assertThat(post("login", creds(phone, "new-password"), null).status()).isEqualTo(200);
    }

    @Test
    void wrongPassword_doesNotRevealWhetherTheMobileExists() throws Exception {
        String mobile = newMobile();
        signUp(mobile, "password1");
        Http.Reply wrong = post("login", creds(mobile, "password2"), null);
        Http.Reply unknown = post("login", creds(newMobile(), "password2"), null);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.code()).isEqualTo(110002);
    }

    @Test
    void detail_withoutForgedOrExpiredToken_is401() throws Exception {
        assertThat(post("detail", "{}", null).status()).isEqualTo(401);
        assertThat(post("detail", "{}", "garbage").status()).isEqualTo(401);

        String forged = new JwtTokens(JwtAuthConf.of(SECRET + "-not-ours", 3600L), Clock.systemUTC(), SessionRevocations.NONE)
                .issue(1, SID).accessToken();
        Http.Reply f = post("detail", "{}", forged);
        assertThat(f.status()).isEqualTo(401);
        assertThat(f.code()).isEqualTo(100003);

        Clock lastYear = Clock.fixed(Instant.now().minus(Duration.ofDays(365)), ZoneOffset.UTC);
        String expired = new JwtTokens(JwtAuthConf.of(SECRET, 3600L), lastYear, SessionRevocations.NONE).issue(1, SID).accessToken();
        assertThat(post("detail", "{}", expired).status()).isEqualTo(401);

        // our secret, but meant for another audience (or from another issuer): not for this API
        String otherAud = new JwtTokens(new JwtAuthConf(SECRET, 3600L, null, "admin-api", null), Clock.systemUTC(),
                SessionRevocations.NONE).issue(1, SID).accessToken();
        Http.Reply a = post("detail", "{}", otherAud);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.code()).isEqualTo(100003);
        String otherIss = new JwtTokens(new JwtAuthConf(SECRET, 3600L, "somebody", null, null), Clock.systemUTC(),
                SessionRevocations.NONE).issue(1, SID).accessToken();
        assertThat(post("detail", "{}", otherIss).status()).isEqualTo(401);
    }

    @Test
    void detail_ofAUserThatDoesNotExist_isABusinessError() throws Exception {
        String token = new JwtTokens(JwtAuthConf.of(SECRET, 3600L), Clock.systemUTC(), SessionRevocations.NONE)
                .issue(Long.MAX_VALUE, SID).accessToken();
        Http.Reply r = post("detail", "{}", token);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo(110003);
    }

    @Test
    void badInput_is400NamingTheFieldAndRegistersNobody() throws Exception {
        String mobile = newMobile();
        List<String[]> cases = List.of(
                new String[] {"{\"mobile\":\"" + mobile + "\"", "not valid JSON"},
                new String[] {"{\"mobile\":\"" + mobile + "\"}", "missing required field password"},
                new String[] {creds(mobile, "password1"), "missing required field smsCode"},
                new String[] {creds(mobile, "password1", "12345"), "smsCode"},
                new String[] {"{\"mobile\":" + mobile + ",\"password\":\"password1\"}", "field mobile"},
                new String[] {"{\"mobile\":\"" + mobile + "\",\"password\":123456789}", "field password"},
                new String[] {"[]", "expected a JSON object"},
                new String[] {"", "missing required field mobile"},
                new String[] {creds("1380000", "password1", "123456"), "mobile"},
                new String[] {creds(mobile, "123", "123456"), "password"});
        for (String[] c : cases) {
            Http.Reply r = post("register", c[0], null);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.code()).as(c[0]).isEqualTo(100002);
            assertThat(r.msg()).as(c[0]).contains(c[1]);
        }
        assertThat(post("login", creds(mobile, "password1"), null).code()).isEqualTo(110002);
    }

    @Test
    void rpcUnreachable_isAServerBusyErrorWithoutInternals() throws Exception {
        ServiceContext lonely = new ServiceContext(apiConfig(TestInfra.unique("nobody.rpc")));
        try (RestServer s = Routes.register(new RestServer(lonely.config().rest(), lonely.metrics()), lonely).start()) {
            Http.Reply r = Http.post(s.port(), "/usercenter/v1/user/login", creds(newMobile(), "password1"), null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.code()).isEqualTo(100001);
            assertThat(r.msg()).isEqualTo("server is busy, please try again later");
        } finally {
            lonely.close();
        }
    }

    /** What the simulator hands a mini program after wx.login + a tap on the getPhoneNumber button. */
    private static JsonNode simLogin(String openid, String phone, String watermarkAppid)
            throws Exception {
        String body = "{\"openid\":\"" + openid + "\",\"phone\":\"" + phone + "\""
                + (watermarkAppid == null ? "" : ",\"watermark_appid\":\"" + watermarkAppid + "\"") + "}";
        return Http.postRaw(sim.port(), "/sim/v1/miniprogram/login", body);
    }

    /** The wxMiniAuth body of a current mini program: the login code and the button's phoneCode. */
    private static String wxLogin(String openid, String phone, String watermarkAppid) throws Exception {
        var r = simLogin(openid, phone, watermarkAppid);
        return "{\"code\":\"" + r.path("code").asText() + "\",\"phoneCode\":\"" + r.path("phoneCode").asText() + "\"}";
    }

    /** The wxMiniAuth body of the deprecated button: the phone encrypted under the login's session key. */
    private static String wxLoginEncrypted(String openid, String phone, String watermarkAppid) throws Exception {
        var r = simLogin(openid, phone, watermarkAppid);
        return "{\"code\":\"" + r.path("code").asText() + "\",\"iv\":\"" + r.path("iv").asText()
                + "\",\"encryptedData\":\"" + r.path("encryptedData").asText() + "\"}";
    }

    private static long userOf(Http.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return apiSvc.tokens().verify(r.data().path("accessToken").asText());
    }

    @Test
    void wxMiniAuth_firstLoginRegistersAndLaterLoginsAreTheSameUser() throws Exception {
        String openid = TestInfra.unique("o");
        String phone = newMobile();
        long first = userOf(post("wxMiniAuth", wxLogin(openid, phone, null), null));
        long again = userOf(post("wxMiniAuth", wxLogin(openid, phone, null), null));
        assertThat(again).isEqualTo(first);

        String token = post("wxMiniAuth", wxLogin(openid, phone, null), null).data().path("accessToken").asText();
        assertThat(post("detail", "{}", token).data().path("userInfo").path("mobile").asText()).isEqualTo(phone);
    }

    @Test
    void wxMiniAuth_deprecatedEncryptedPhone_stillRegisters_andIsTheSameUserAsThePhoneCodeFlow() throws Exception {
        String openid = TestInfra.unique("o");
        String phone = newMobile();
        long viaEncrypted = userOf(post("wxMiniAuth", wxLoginEncrypted(openid, phone, null), null));
        long viaPhoneCode = userOf(post("wxMiniAuth", wxLogin(openid, phone, null), null));
        assertThat(viaPhoneCode).isEqualTo(viaEncrypted);
        String token = post("wxMiniAuth", wxLoginEncrypted(openid, phone, null), null).data().path("accessToken").asText();
        assertThat(post("detail", "{}", token).data().path("userInfo").path("mobile").asText()).isEqualTo(phone);
    }

    @Test
    void wxMiniAuth_reusedCodeOrForeignEncryptedDataIsRefused() throws Exception {
        String body = wxLoginEncrypted(TestInfra.unique("o"), newMobile(), null);
        userOf(post("wxMiniAuth", body, null));
        Http.Reply reused = post("wxMiniAuth", body, null);
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.code()).isEqualTo(110005);

        Http.Reply foreign = post("wxMiniAuth", wxLoginEncrypted(TestInfra.unique("o"), newMobile(), "wxSOMEONEELSE"), null);
        assertThat(foreign.code()).isEqualTo(110006);
        assertThat(foreign.msg()).contains("wxSOMEONEELSE");
    }

    @Test
    void wxMiniAuth_aReusedOrUnknownPhoneCode_is110013_andRegistersNobody() throws Exception {
        var first = simLogin(TestInfra.unique("o"), newMobile(), null);
        String phoneCode = first.path("phoneCode").asText();
        userOf(post("wxMiniAuth", "{\"code\":\"" + first.path("code").asText() + "\",\"phoneCode\":\"" + phoneCode + "\"}", null));

        String openid = TestInfra.unique("o");
        String phone = newMobile();
        for (String bad : List.of(phoneCode, "never-issued-by-wechat")) {
            var second = simLogin(openid, phone, null);
            Http.Reply r = post("wxMiniAuth", "{\"code\":\"" + second.path("code").asText() + "\",\"phoneCode\":\"" + bad + "\"}", null);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.code()).as(bad).isEqualTo(110013);
            assertThat(r.msg()).as(bad).contains("40029").contains("tap the phone number button again");
        }
        // nobody was registered with that openid: its first good login is a new user with its own phone
        String token = post("wxMiniAuth", wxLogin(openid, phone, null), null).data().path("accessToken").asText();
        assertThat(post("detail", "{}", token).data().path("userInfo").path("mobile").asText()).isEqualTo(phone);
    }

    @Test
    void wxMiniAuth_returningUser_logsInWithoutSpendingThePhoneCode() throws Exception {
        String openid = TestInfra.unique("o");
        String phone = newMobile();
        long id = userOf(post("wxMiniAuth", wxLogin(openid, phone, null), null));

        // a stale phoneCode does not lock a known user out, and a good one is not exchanged
        var again = simLogin(openid, phone, null);
        Http.Reply stale = post("wxMiniAuth", "{\"code\":\"" + again.path("code").asText()
                + "\",\"phoneCode\":\"never-issued-by-wechat\"}", null);
        assertThat(userOf(stale)).isEqualTo(id);
        var third = simLogin(openid, phone, null);
        assertThat(userOf(post("wxMiniAuth", "{\"code\":\"" + third.path("code").asText() + "\",\"phoneCode\":\""
                + third.path("phoneCode").asText() + "\"}", null))).isEqualTo(id);
        // that phoneCode is still good: a new openid spends it and learns the phone (then 110007, the mobile is
        // bound to another WeChat account; a spent code would have been 110013)
        var other = simLogin(TestInfra.unique("o"), phone, null);
        Http.Reply second = post("wxMiniAuth", "{\"code\":\"" + other.path("code").asText() + "\",\"phoneCode\":\""
                + third.path("phoneCode").asText() + "\"}", null);
        assertThat(second.code()).as(second.body().toString()).isEqualTo(110007);
    }

    @Test
    void wxMiniAuth_anotherAppsPhoneCode_is110006() throws Exception {
        Http.Reply r = post("wxMiniAuth", wxLogin(TestInfra.unique("o"), newMobile(), "wxSOMEONEELSE"), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo(110006);
        assertThat(r.msg()).contains("40013");
    }

    @Test
    void wxMiniAuth_withoutExactlyOneProofOfThePhone_is400_beforeWechatSpendsTheCode() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"{\"code\":\"%s\"}", "missing required field phoneCode"},
                new String[] {"{\"code\":\"%s\",\"phoneCode\":\"p\",\"iv\":\"AAAA\",\"encryptedData\":\"AAAA\"}", "both given"},
                new String[] {"{\"code\":\"%s\",\"phoneCode\":\"p\",\"iv\":\"AAAA\"}", "both given"},
                new String[] {"{\"code\":\"%s\",\"iv\":\"AAAA\"}", "missing required field encryptedData"},
                new String[] {"{\"code\":\"%s\",\"encryptedData\":\"AAAA\"}", "missing required field iv"},
                new String[] {"{\"phoneCode\":\"p\"}", "missing required field code"},
                new String[] {"{\"code\":\"%s\",\"phoneCode\":\"\"}", "phoneCode: empty"});
        String openid = TestInfra.unique("o");
        String phone = newMobile();
        var wx = simLogin(openid, phone, null);
        String code = wx.path("code").asText();
        for (String[] c : cases) {
            Http.Reply r = post("wxMiniAuth", c[0].formatted(code), null);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.code()).as(c[0]).isEqualTo(100002);
            assertThat(r.msg()).as(c[0]).contains(c[1]);
        }
        // every refusal above came before jscode2session: the code and the phoneCode still work
        Http.Reply ok = post("wxMiniAuth", "{\"code\":\"" + code + "\",\"phoneCode\":\"" + wx.path("phoneCode").asText() + "\"}", null);
        assertThat(userOf(ok)).isPositive();
    }

    @Test
    void wxMiniAuth_bindsToTheUserWhoRegisteredThatMobile_andOnlyOneOpenidPerUser() throws Exception {
        String phone = newMobile();
        long systemUser = userOf(signUp(phone, "password1"));
        long viaWechat = userOf(post("wxMiniAuth", wxLogin(TestInfra.unique("o"), phone, null), null));
        assertThat(viaWechat).isEqualTo(systemUser);

        Http.Reply second = post("wxMiniAuth", wxLogin(TestInfra.unique("o"), phone, null), null);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.code()).isEqualTo(110007);
    }

    @Test
    void wxMiniAuth_withThePhoneOfAnAccountThatNeverProvedIt_isRefused_untilTheOwnerResetsBySms() throws Exception {
        // a password account from before SMS codes: whoever made it never showed they hold the phone
        String phone = newMobile();
        try (Connection c = DriverManager.getConnection(dsn.jdbcUrl(), dsn.user(), dsn.password());
             PreparedStatement st = c.prepareStatement(
                     "INSERT INTO user (mobile, mobile_verified, password, nickname) VALUES (?, 0, 'not-a-hash', 'squatter')")) {
            st.setString(1, phone);
            st.executeUpdate();
        }
        String openid = TestInfra.unique("o");
        Http.Reply refused = post("wxMiniAuth", wxLogin(openid, phone, null), null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo(110011);
        assertThat(refused.msg()).contains("reset its password by SMS");

        String code = smsCode(api.port(), sim.port(), phone);
        assertThat(post("resetPassword", "{\"mobile\":\"" + phone + "\",\"smsCode\":\"" + code
                + "\",\"password\":\"owner-password\"}", null).status()).isEqualTo(200);
        long viaWechat = userOf(post("wxMiniAuth", wxLogin(openid, phone, null), null));
        assertThat(userOf(post("login", creds(phone, "owner-password"), null))).isEqualTo(viaWechat);
    }
}
