package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.wechat.WxMiniClient;
import looklook.pkg.wechat.WxMiniConf;
import looklook.pkg.wechat.WxPhone;
import looklook.sandbox.config.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * getuserphonenumber (the getPhoneNumber button's one-time code) and the access-token rules
 * (stable_token's renewal and forced refreshes, cgi-bin/token's handover, a wrong AppSecret), over
 * HTTP and through pkg's WxMiniClient. Tests that force a refresh start their own simulator: the
 * day's 20 are counted per app.
 */
class PhoneAndTokenIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path keys;
    static SimFixture fx;
    static WxMiniClient mini;

    @BeforeAll
    static void start() {
        fx = SimFixture.start(keys);
        mini = new WxMiniClient(fx.miniConf());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void clearFaults() {
        fx.delete("/sim/v1/faults");
    }

    @Test
    void phoneCode_answersThePhoneAsWechatDoes_andWxMiniClientReadsIt() throws Exception {
        JsonNode login = login(fx, "{\"openid\":\"oPhone1\",\"phone\":\"13800138001\"}");
        assertThat(login.path("code").asText()).isNotEmpty();
        assertThat(login.path("iv").asText()).isNotEmpty();
        JsonNode r = phoneNumber(fx, mini.accessToken(), "{\"code\":\"" + login.path("phoneCode").asText() + "\"}");
        assertThat(r.path("errcode").asInt()).isZero();
        assertThat(r.path("errmsg").asText()).isEqualTo("ok");
        JsonNode info = r.path("phone_info");
        assertThat(info.path("phoneNumber").asText()).isEqualTo("13800138001");
        assertThat(info.path("purePhoneNumber").asText()).isEqualTo("13800138001");
        assertThat(info.path("countryCode").asText()).isEqualTo("86");
        assertThat(info.path("watermark").path("appid").asText()).isEqualTo(fx.appId());
        assertThat(info.path("watermark").path("timestamp").asLong()).isPositive();

        WxPhone phone = mini.phoneNumber(login(fx, "{\"phone\":\"13800138002\"}").path("phoneCode").asText());
        assertThat(phone.purePhoneNumber()).isEqualTo("13800138002");
        assertThat(phone.countryCode()).isEqualTo("86");
    }

    @Test
    void phoneCode_isSingleUse_secondExchangeIs40029_and110013ForTheClient() throws Exception {
        String code = login(fx, "{\"phone\":\"13800138003\"}").path("phoneCode").asText();
        assertThat(mini.phoneNumber(code).purePhoneNumber()).isEqualTo("13800138003");
        assertThat(phoneNumber(fx, mini.accessToken(), "{\"code\":\"" + code + "\"}").path("errcode").asInt()).isEqualTo(40029);
        assertThatThrownBy(() -> mini.phoneNumber(code)).isInstanceOfSatisfying(BizException.class, e -> {
            assertThat(e.is(ErrorCode.WX_MINI_PHONE_CODE_INVALID)).isTrue();
            assertThat(e.userMessage()).contains("40029").contains("tap the phone number button again");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"code\":\"never-issued\"}", "{}", "{\"code\":\"\"}"})
    void phoneCode_unknownOrAbsentIs40029(String body) throws Exception {
        assertThat(phoneNumber(fx, mini.accessToken(), body).path("errcode").asInt()).isEqualTo(40029);
    }

    @Test
    void phoneCode_anotherAppsIs40013_and110006ForTheClient() throws Exception {
        String foreign = login(fx, "{\"watermark_appid\":\"wx0000000000000000\"}").path("phoneCode").asText();
        assertThat(phoneNumber(fx, mini.accessToken(), "{\"code\":\"" + foreign + "\"}").path("errcode").asInt()).isEqualTo(40013);
        String another = login(fx, "{\"watermark_appid\":\"wx0000000000000000\"}").path("phoneCode").asText();
        assertThatThrownBy(() -> mini.phoneNumber(another)).isInstanceOfSatisfying(BizException.class,
                e -> assertThat(e.is(ErrorCode.WX_MINI_DATA_INVALID)).isTrue());
    }

    @Test
    void phoneNumber_tokenAndBodyRefusals() throws Exception {
        String code = login(fx, "{}").path("phoneCode").asText();
        String body = "{\"code\":\"" + code + "\"}";
        assertThat(JSON.readTree(fx.post("/wxa/business/getuserphonenumber", body).body()).path("errcode").asInt())
                .isEqualTo(41001);
        assertThat(phoneNumber(fx, "not-a-token", body).path("errcode").asInt()).isEqualTo(40001);
        assertThat(phoneNumber(fx, mini.accessToken(), "not json").path("errcode").asInt()).isEqualTo(47001);
        // none of these spent the code
        assertThat(phoneNumber(fx, mini.accessToken(), body).path("errcode").asInt()).isZero();
    }

    @Test
    void phoneNumber_tokenRefused40001_isRefreshedOnceAndRetried() throws Exception {
        fx.post("/sim/v1/faults", "{\"mini\":{\"endpoint\":\"getuserphonenumber\",\"errcode\":40001}}");
        String code = login(fx, "{\"phone\":\"13800138004\"}").path("phoneCode").asText();
        assertThat(mini.phoneNumber(code).purePhoneNumber()).isEqualTo("13800138004");
    }

    @Test
    void phoneNumber_busy_isAServerErrorForTheClient() throws Exception {
        fx.post("/sim/v1/faults", "{\"mini\":{\"endpoint\":\"getuserphonenumber\",\"errcode\":-1}}");
        String code = login(fx, "{}").path("phoneCode").asText();
        assertThatThrownBy(() -> mini.phoneNumber(code)).isInstanceOfSatisfying(BizException.class,
                e -> assertThat(e.is(ErrorCode.SERVER_COMMON_ERROR)).isTrue());
    }

    @Test
    void badSecret_is40125_onBothTokenEndpoints() throws Exception {
        JsonNode stable = JSON.readTree(fx.post("/cgi-bin/stable_token", stableBody(fx, "wrong-secret", false)).body());
        assertThat(stable.path("errcode").asInt()).isEqualTo(40125);
        assertThat(stable.has("access_token")).isFalse();
        JsonNode token = JSON.readTree(fx.get("/cgi-bin/token?grant_type=client_credential&appid=" + fx.appId()
                + "&secret=wrong-secret").body());
        assertThat(token.path("errcode").asInt()).isEqualTo(40125);
        WxMiniClient wrong = new WxMiniClient(new WxMiniConf(fx.appId(), "wrong-secret", fx.sim.baseUrl(), 3_000L));
        assertThatThrownBy(wrong::accessToken).isInstanceOfSatisfying(BizException.class,
                e -> assertThat(e.getMessage()).contains("40125"));
    }

    @Test
    void cgiBinToken_aNewOneLeavesThePreviousWorking_forTheHandover() throws Exception {
        String base = "/cgi-bin/token?grant_type=client_credential&appid=" + fx.appId() + "&secret=" + fx.sim.miniAppSecret();
        String first = JSON.readTree(fx.get(base).body()).path("access_token").asText();
        String second = JSON.readTree(fx.get(base).body()).path("access_token").asText();
        assertThat(second).isNotEqualTo(first);
        for (String t : List.of(first, second)) {
            String code = login(fx, "{}").path("phoneCode").asText();
            assertThat(phoneNumber(fx, t, "{\"code\":\"" + code + "\"}").path("errcode").asInt()).as(t).isZero();
        }
    }

    @Test
    void forceRefresh_newToken_thePreviousIs40001_andNormalModeReturnsTheNewOne() throws Exception {
        try (SimFixture own = SimFixture.start(SandboxConfig.forTest(keys, 0.001))) {
            String old = token(own, false);
            String fresh = token(own, true);
            assertThat(fresh).isNotEqualTo(old);
            String code = login(own, "{}").path("phoneCode").asText();
            assertThat(phoneNumber(own, old, "{\"code\":\"" + code + "\"}").path("errcode").asInt()).isEqualTo(40001);
            assertThat(token(own, false)).isEqualTo(fresh);
        }
    }

    @Test
    void forceRefresh_sooner_than30sScaled_is45009_andTheTokenStays() throws Exception {
        try (SimFixture own = SimFixture.start(SandboxConfig.forTest(keys, 0.1))) { // 3 s apart
            String first = token(own, true);
            JsonNode again = JSON.readTree(own.post("/cgi-bin/stable_token", stableBody(own, own.sim.miniAppSecret(), true)).body());
            assertThat(again.path("errcode").asInt()).isEqualTo(45009);
            assertThat(again.has("access_token")).isFalse();
            assertThat(token(own, false)).isEqualTo(first);
        }
    }

    @Test
    void forceRefresh_21stOfTheDayIs45009_andTheCurrentTokenStaysValid() throws Exception {
        try (SimFixture own = SimFixture.start(SandboxConfig.forTest(keys, 0.001))) { // 30 ms apart
            String last = null;
            for (int i = 1; i <= 20; i++) {
                Thread.sleep(40);
                String t = token(own, true);
                assertThat(t).as("forced refresh #%d", i).isNotEqualTo(last);
                last = t;
            }
            Thread.sleep(40);
            JsonNode refused = JSON.readTree(own.post("/cgi-bin/stable_token", stableBody(own, own.sim.miniAppSecret(), true)).body());
            assertThat(refused.path("errcode").asInt()).isEqualTo(45009);
            assertThat(refused.has("access_token")).isFalse();
            assertThat(token(own, false)).isEqualTo(last);
            String code = login(own, "{}").path("phoneCode").asText();
            assertThat(phoneNumber(own, last, "{\"code\":\"" + code + "\"}").path("errcode").asInt()).isZero();
        }
    }

    @Test
    void wxMiniClient_45009WithoutAToken_failsAndDoesNotAskAgainAtOnce() throws Exception {
        WxMiniClient fresh = new WxMiniClient(fx.miniConf());
        fx.post("/sim/v1/faults", "{\"mini\":{\"endpoint\":\"stable_token\",\"errcode\":45009}}");
        assertThatThrownBy(fresh::accessToken).isInstanceOfSatisfying(BizException.class,
                e -> assertThat(e.getMessage()).contains("45009"));
        // the fault is spent: a call that reached the simulator would get a token
        assertThatThrownBy(fresh::accessToken).isInstanceOfSatisfying(BizException.class,
                e -> assertThat(e.getMessage()).contains("asking again after"));
        assertThat(new WxMiniClient(fx.miniConf()).accessToken()).isNotEmpty();
    }

    private static JsonNode login(SimFixture f, String body) throws Exception {
        var r = f.post("/sim/v1/miniprogram/login", body);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode login = JSON.readTree(r.body());
        assertThat(login.path("phoneCode").asText()).isNotEmpty();
        return login;
    }

    private static JsonNode phoneNumber(SimFixture f, String token, String body) throws Exception {
        var r = f.post("/wxa/business/getuserphonenumber?access_token=" + token, body);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String stableBody(SimFixture f, String secret, boolean force) {
        return "{\"grant_type\":\"client_credential\",\"appid\":\"" + f.appId() + "\",\"secret\":\"" + secret
                + "\",\"force_refresh\":" + force + "}";
    }

    private static String token(SimFixture f, boolean force) throws Exception {
        JsonNode r = JSON.readTree(f.post("/cgi-bin/stable_token", stableBody(f, f.sim.miniAppSecret(), force)).body());
        assertThat(r.path("errcode").asInt()).as(r.toString()).isZero();
        return r.path("access_token").asText();
    }
}
