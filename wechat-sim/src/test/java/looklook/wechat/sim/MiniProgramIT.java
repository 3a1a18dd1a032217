package looklook.wechat.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.wechat.SubscribeMessage;
import looklook.pkg.wechat.SubscribeResult;
import looklook.pkg.wechat.WxMiniClient;
import looklook.pkg.wechat.WxMiniConf;
import looklook.pkg.wechat.WxMiniSession;
import looklook.pkg.wechat.WxPhone;
import looklook.wechat.sim.mini.Inbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mini-program API through pkg's WxMiniClient: login codes, phone decryption, tokens, subscribe messages. */
class MiniProgramIT {
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
    void login_codeGivesOpenidAndDecryptsThePhone() throws Exception {
        JsonNode login = login("{\"openid\":\"oMini1\",\"phone\":\"13800138000\"}");
        WxMiniSession s = mini.code2Session(login.path("code").asText());
        assertThat(s.openid()).isEqualTo("oMini1");
        WxPhone phone = mini.decryptPhone(s, login.path("encryptedData").asText(), login.path("iv").asText());
        assertThat(phone.purePhoneNumber()).isEqualTo("13800138000");
        assertThat(phone.countryCode()).isEqualTo("86");
    }

    @Test
    void code_isSingleUse_secondExchangeIsRefused() throws Exception {
        String code = login("{\"openid\":\"oMini2\"}").path("code").asText();
        mini.code2Session(code);
        assertThatThrownBy(() -> mini.code2Session(code))
                .isInstanceOfSatisfying(BizException.class, e -> {
                    assertThat(e.is(ErrorCode.WX_MINI_CODE_INVALID)).isTrue();
                    assertThat(e.userMessage()).contains("40163");
                });
    }

    @Test
    void code_unknownIs40029() throws Exception {
        HttpResponse<String> r = fx.get("/sns/jscode2session?appid=" + fx.appId() + "&secret=" + fx.sim.miniAppSecret()
                + "&js_code=nope&grant_type=authorization_code");
        assertThat(JSON.readTree(r.body()).path("errcode").asInt()).isEqualTo(40029);
        assertThatThrownBy(() -> mini.code2Session("nope")).isInstanceOf(BizException.class).hasMessageContaining("40029");
    }

    @Test
    void code_wrongSecretIsRefused() throws Exception {
        String code = login("{}").path("code").asText();
        WxMiniClient wrong = new WxMiniClient(new WxMiniConf(fx.appId(), "not-the-secret", fx.sim.baseUrl(), 3000L));
        assertThatThrownBy(() -> wrong.code2Session(code))
                .isInstanceOfSatisfying(BizException.class, e -> assertThat(e.is(ErrorCode.SERVER_COMMON_ERROR)).isTrue());
    }

    @Test
    void decrypt_dataFromAnotherAppIsRefused() throws Exception {
        JsonNode login = login("{\"openid\":\"oMini3\",\"watermark_appid\":\"wx0000000000000000\"}");
        WxMiniSession s = mini.code2Session(login.path("code").asText());
        assertThatThrownBy(() -> mini.decryptPhone(s, login.path("encryptedData").asText(), login.path("iv").asText()))
                .isInstanceOfSatisfying(BizException.class, e -> assertThat(e.userMessage())
                        .contains("wx0000000000000000").contains(fx.appId()));
    }

    @Test
    void decrypt_withAnotherLoginsSessionKeyFails() throws Exception {
        JsonNode a = login("{\"openid\":\"oMini4\"}");
        JsonNode b = login("{\"openid\":\"oMini4\"}");
        WxMiniSession sessionB = mini.code2Session(b.path("code").asText());
        assertThatThrownBy(() -> mini.decryptPhone(sessionB, a.path("encryptedData").asText(), a.path("iv").asText()))
                .isInstanceOf(BizException.class);
    }

    @Test
    void subscribe_errcode0_landsInTheInbox() throws Exception {
        SubscribeResult r = mini.sendSubscribe(message("oInbox1"));
        assertThat(r.sent()).isTrue();
        assertThat(r.msgid()).isNotNull();
        JsonNode inbox = JSON.readTree(fx.get("/sim/v1/inbox?openid=oInbox1").body());
        assertThat(inbox.path("messages")).hasSize(1);
        assertThat(inbox.path("messages").get(0).path("data").path("thing1").path("value").asText()).isEqualTo("Seaside villa");
        assertThat(inbox.path("messages").get(0).path("msgid").asLong()).isEqualTo(r.msgid());
    }

    @Test
    void subscribe_errcode40001_refreshesTheTokenAndRetriesOnce() {
        fx.post("/sim/v1/faults", "{\"mini\":{\"endpoint\":\"subscribe_send\",\"errcode\":40001}}");
        SubscribeResult r = mini.sendSubscribe(message("oInbox2"));
        assertThat(r.sent()).isTrue();
        assertThat(fx.sim.inbox().of("oInbox2")).hasSize(1);
    }

    @Test
    void subscribe_errcode40001Twice_isReturnedAfterOneRetry() {
        fx.post("/sim/v1/faults", "{\"mini\":{\"endpoint\":\"subscribe_send\",\"errcode\":40001,\"count\":2}}");
        SubscribeResult r = mini.sendSubscribe(message("oInbox3"));
        assertThat(r.errcode()).isEqualTo(40001);
        assertThat(fx.sim.inbox().of("oInbox3")).isEmpty();
        assertThat(mini.sendSubscribe(message("oInbox3")).sent()).isTrue();
    }

    @Test
    void subscribe_errcode43101_userRefused_isNotRetryableAndNothingIsDelivered() {
        fx.post("/sim/v1/faults", "{\"mini\":{\"errcode\":43101,\"openid\":\"oRefuser\"}}");
        SubscribeResult other = mini.sendSubscribe(message("oInbox4"));
        SubscribeResult r = mini.sendSubscribe(message("oRefuser"));
        assertThat(other.sent()).isTrue();
        assertThat(r.errcode()).isEqualTo(SubscribeResult.USER_REFUSED);
        assertThat(r.retryable()).isFalse();
        assertThat(fx.sim.inbox().of("oRefuser")).isEmpty();
    }

    @Test
    void subscribe_errcode47003_forAnEmptyTemplateValue() {
        SubscribeResult r = mini.sendSubscribe(new SubscribeMessage("oInbox5", "TPL_PAID", null, "developer",
                Map.of("thing1", "")));
        assertThat(r.errcode()).isEqualTo(SubscribeResult.ARGUMENT_INVALID);
        fx.post("/sim/v1/faults", "{\"mini\":{\"errcode\":47003}}");
        assertThat(mini.sendSubscribe(message("oInbox5")).errcode()).isEqualTo(47003);
        assertThat(fx.sim.inbox().of("oInbox5")).isEmpty();
    }

    @Test
    void stableToken_isTheSameWhileValid() throws Exception {
        String body = "{\"grant_type\":\"client_credential\",\"appid\":\"" + fx.appId() + "\",\"secret\":\""
                + fx.sim.miniAppSecret() + "\"}";
        JsonNode a = JSON.readTree(fx.post("/cgi-bin/stable_token", body).body());
        JsonNode b = JSON.readTree(fx.post("/cgi-bin/stable_token", body).body());
        assertThat(a.path("access_token").asText()).isNotEmpty().isEqualTo(b.path("access_token").asText());
        assertThat(a.path("expires_in").asLong()).isBetween(7000L, 7200L);
    }

    @Test
    void inbox_withoutOpenidListsEveryone() throws Exception {
        mini.sendSubscribe(message("oInbox6"));
        mini.sendSubscribe(message("oInbox7"));
        JsonNode all = JSON.readTree(fx.get("/sim/v1/inbox").body()).path("messages");
        assertThat(all.findValuesAsText("touser")).contains("oInbox6", "oInbox7");
        assertThat(fx.sim.inbox().of(null)).extracting(Inbox.Message::touser).contains("oInbox6", "oInbox7");
    }

    private static JsonNode login(String body) throws Exception {
        HttpResponse<String> r = fx.post("/sim/v1/miniprogram/login", body);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static SubscribeMessage message(String openid) {
        return new SubscribeMessage(openid, "TPL_PAID", "pages/order/detail?sn=HSO1", "developer",
                Map.of("thing1", "Seaside villa", "amount2", "199.00"));
    }
}
