package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.wechat.KeywordType;
import looklook.pkg.wechat.SubscribeMessage;
import looklook.pkg.wechat.SubscribeResult;
import looklook.pkg.wechat.WxMiniClient;
import looklook.pkg.wechat.WxMiniConf;
import looklook.pkg.wechat.WxMiniSession;
import looklook.pkg.wechat.WxPhone;
import looklook.sandbox.config.SandboxConfig;
import looklook.sandbox.mini.Inbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mini-program API through pkg's WxMiniClient: login codes, phone decryption, tokens, subscribe
 * messages (templates, keyword types, one-time subscriptions).
 */
class MiniProgramIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path keys;
    static SimFixture fx;
    static WxMiniClient mini;

    private static final String PAID = "tpl-order-pay-success";
    private static final String CHECK_IN = "tpl-order-check-in";

    @BeforeAll
    static void start() {
        // looklook's two templates, and one per keyword type ("tpl-thing" with keyword thing1, ...)
        List<SandboxConfig.TemplateConf> templates = new ArrayList<>(SandboxConfig.TemplateConf.LOOKLOOK);
        for (KeywordType t : KeywordType.values()) {
            templates.add(new SandboxConfig.TemplateConf("tpl-" + t.prefix(), t.name(), Map.of(t.prefix() + "1", t.name())));
        }
        fx = SimFixture.start(SandboxConfig.forTest(keys, 0.001).withTemplates(templates));
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
        String openid = subscriber(PAID);
        SubscribeResult r = mini.sendSubscribe(paid(openid));
        assertThat(r.sent()).isTrue();
        assertThat(r.msgid()).isNotNull();
        JsonNode inbox = JSON.readTree(fx.get("/sim/v1/inbox?openid=" + openid).body());
        assertThat(inbox.path("messages")).hasSize(1);
        assertThat(inbox.path("messages").get(0).path("data").path("thing1").path("value").asText()).isEqualTo("Seaside villa");
        assertThat(inbox.path("messages").get(0).path("msgid").asLong()).isEqualTo(r.msgid());
    }

    @Test
    void subscribe_errcode40001_refreshesTheTokenAndRetriesOnce() throws Exception {
        String openid = subscriber(PAID);
        fx.post("/sim/v1/faults", "{\"mini\":{\"endpoint\":\"subscribe_send\",\"errcode\":40001}}");
        SubscribeResult r = mini.sendSubscribe(paid(openid));
        assertThat(r.sent()).isTrue();
        assertThat(fx.sim.inbox().of(openid)).hasSize(1);
    }

    @Test
    void subscribe_errcode40001Twice_isReturnedAfterOneRetry() throws Exception {
        String openid = subscriber(PAID);
        fx.post("/sim/v1/faults", "{\"mini\":{\"endpoint\":\"subscribe_send\",\"errcode\":40001,\"count\":2}}");
        SubscribeResult r = mini.sendSubscribe(paid(openid));
        assertThat(r.errcode()).isEqualTo(40001);
        assertThat(fx.sim.inbox().of(openid)).isEmpty();
        // the refused sends spent nothing: the one acceptance still sends one message
        assertThat(mini.sendSubscribe(paid(openid)).sent()).isTrue();
    }

    @Test
    void subscribe_errcode43101_userRefused_isNotRetryableAndNothingIsDelivered() throws Exception {
        String refuser = subscriber(PAID);
        String other = subscriber(PAID);
        fx.post("/sim/v1/faults", "{\"mini\":{\"errcode\":43101,\"openid\":\"" + refuser + "\"}}");
        SubscribeResult toOther = mini.sendSubscribe(paid(other));
        SubscribeResult r = mini.sendSubscribe(paid(refuser));
        assertThat(toOther.sent()).isTrue();
        assertThat(r.errcode()).isEqualTo(SubscribeResult.USER_REFUSED);
        assertThat(r.retryable()).isFalse();
        assertThat(fx.sim.inbox().of(refuser)).isEmpty();
    }

    @Test
    void subscribe_errcode47003_forAnEmptyTemplateValue_spendsNoAcceptance() throws Exception {
        String openid = subscriber(PAID);
        Map<String, String> data = new HashMap<>(paidData());
        data.put("thing1", "");
        SubscribeResult r = mini.sendSubscribe(new SubscribeMessage(openid, PAID, null, "developer", data));
        assertThat(r.errcode()).isEqualTo(SubscribeResult.ARGUMENT_INVALID);
        assertThat(r.errmsg()).isEqualTo("argument invalid! data.thing1.value is emtpy");
        fx.post("/sim/v1/faults", "{\"mini\":{\"errcode\":47003}}");
        assertThat(mini.sendSubscribe(paid(openid)).errcode()).isEqualTo(47003);
        assertThat(fx.sim.inbox().of(openid)).isEmpty();
        assertThat(fx.sim.subscriptions().remaining(openid, PAID)).isEqualTo(1);
        assertThat(mini.sendSubscribe(paid(openid)).sent()).isTrue();
        assertThat(fx.sim.subscriptions().remaining(openid, PAID)).isZero();
    }

    /** One row per rule of WeChat's value table (订阅消息参数值内容限制说明), for each keyword type. */
    @ParameterizedTest(name = "{0}1 = \"{1}\" -> accepted {2}")
    @CsvSource(delimiter = '|', value = {
            "thing            | Seaside villa                          | true",
            "thing            | 海景房 Sea view 2F!                    | true",
            "thing            | AAAAAAAAAAAAAAAAAAAA                   | true",
            "thing            | AAAAAAAAAAAAAAAAAAAAA                  | false",
            "thing            | 湖畔庭院湖畔庭院湖畔庭院湖畔庭院湖畔庭院 | true",
            "thing            | 湖畔庭院湖畔庭院湖畔庭院湖畔庭院湖畔庭院湖 | false",
            "thing            | Show this code at check-in only        | false",
            "number           | 42                                     | true",
            "number           | 3.14                                   | true",
            "number           | 12345678901234567890123456789012       | true",
            "number           | 123456789012345678901234567890123      | false",
            "number           | 12a                                    | false",
            "number           | -1                                     | false",
            "letter           | abcXYZ                                 | true",
            "letter           | abc1                                   | false",
            "letter           | AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA      | false",
            "symbol           | !?                                     | true",
            "symbol           | !!!!!!                                 | false",
            "symbol           | a                                      | false",
            "character_string | HSO0000000000000000000042              | true",
            "character_string | AB12-CD34                              | true",
            "character_string | 北京                                   | false",
            "character_string | AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA      | false",
            "character_string | AB 12                                  | false",
            "time             | 15:01                                  | true",
            "time             | 2019年10月1日 15:01                    | true",
            "time             | 2019-10-01 15:01                       | true",
            "time             | 2019-10-18 13:42:00                    | true",
            "time             | 2019-10-01 15:01~2019-10-01 16:30      | true",
            "time             | 2026-12-01                             | false",
            "time             | 25:00                                  | false",
            "time             | tomorrow                               | false",
            "date             | 2019年10月1日                          | true",
            "date             | 2026-12-01                             | true",
            "date             | 2019年10月1日 15:01                    | true",
            "date             | 2026-12-01~2026-12-03                  | true",
            "date             | 15:01                                  | false",
            "date             | 2026-13-01                             | false",
            "date             | Dec 1                                  | false",
            "amount           | 808.00                                 | true",
            "amount           | ¥214.00                                | true",
            "amount           | 1.12元                                 | true",
            "amount           | 1234567890                             | true",
            "amount           | 12345678901                            | false",
            "amount           | 1,000.00                               | false",
            "amount           | ¥                                      | false",
            "phone_number     | +86-0766-66888866                      | true",
            "phone_number     | 13800138000                            | true",
            "phone_number     | 123456789012345678                     | false",
            "phone_number     | call me                                | false",
            "car_number       | 粤A8Z888挂                             | true",
            "car_number       | 京A12345                               | true",
            "car_number       | 粤A8Z888挂1                            | false",
            "car_number       | 粤-A8                                  | false",
            "name             | 张三                                   | true",
            "name             | John Smith                             | true",
            "name             | 张三丰张三丰张三丰张三                 | false",
            "name             | AAAAAAAAAAAAAAAAAAAAA                  | false",
            "name             | R2D2                                   | false",
            "phrase           | 配送中                                 | true",
            "phrase           | 略略略略略略                           | false",
            "phrase           | paid                                   | false",
    })
    void subscribe_valueIsCheckedByItsKeywordType(String type, String value, boolean accepted) throws Exception {
        String template = "tpl-" + type;
        String openid = subscriber(template);
        SubscribeResult r = mini.sendSubscribe(new SubscribeMessage(openid, template, null, "developer",
                Map.of(type + "1", value)));
        if (accepted) {
            assertThat(r.errcode()).as(r.errmsg()).isZero();
            assertThat(fx.sim.inbox().of(openid)).hasSize(1);
        } else {
            assertThat(r.errcode()).isEqualTo(47003);
            assertThat(r.errmsg()).isEqualTo("argument invalid! data." + type + "1.value invalid");
            assertThat(fx.sim.inbox().of(openid)).isEmpty();
            assertThat(fx.sim.subscriptions().remaining(openid, template)).isEqualTo(1);
        }
    }

    @Test
    void subscribe_keywordMissingOrNotInTheTemplateOrNotText_is47003NamingTheKey() throws Exception {
        String openid = subscriber(PAID);
        Map<String, String> missing = new HashMap<>(paidData());
        missing.remove("date5");
        assertThat(mini.sendSubscribe(new SubscribeMessage(openid, PAID, null, "developer", missing)).errmsg())
                .isEqualTo("argument invalid! data.date5.value is emtpy");
        Map<String, String> extra = new HashMap<>(paidData());
        extra.put("thing9", "extra");
        SubscribeResult r = mini.sendSubscribe(new SubscribeMessage(openid, PAID, null, "developer", extra));
        assertThat(r.errcode()).isEqualTo(47003);
        assertThat(r.errmsg()).contains("data.thing9");
        String token = mini.accessToken();
        String number = "{\"touser\":\"" + openid + "\",\"template_id\":\"tpl-amount\",\"data\":{\"amount1\":{\"value\":808.00}}}";
        JsonNode numeric = JSON.readTree(fx.post("/cgi-bin/message/subscribe/send?access_token=" + token, number).body());
        assertThat(numeric.path("errcode").asInt()).isEqualTo(47003);
        assertThat(numeric.path("errmsg").asText()).isEqualTo("argument invalid! data.amount1.value invalid");
        assertThat(fx.sim.inbox().of(openid)).isEmpty();
    }

    @Test
    void subscribe_templateTheAppDoesNotHave_is40037() throws Exception {
        String openid = subscriber(PAID);
        SubscribeResult r = mini.sendSubscribe(new SubscribeMessage(openid, "tpl-nobody-added", null, "developer", paidData()));
        assertThat(r.errcode()).isEqualTo(40037);
        assertThat(fx.sim.subscriptions().remaining(openid, PAID)).isEqualTo(1);
    }

    @Test
    void subscribe_touserTheAppNeverIssued_is40003() {
        // an openid of no user of this mini program (another app's, or made up)
        SubscribeResult r = mini.sendSubscribe(paid("oNeverLoggedIn" + System.nanoTime()));
        assertThat(r.errcode()).isEqualTo(40003);
        assertThat(r.errmsg()).isEqualTo("invalid openid");
    }

    @Test
    void subscribe_withoutAnAcceptance_is43101_andNothingIsDelivered() throws Exception {
        String openid = login("{}").path("openid").asText();
        SubscribeResult r = mini.sendSubscribe(paid(openid));
        assertThat(r.errcode()).isEqualTo(SubscribeResult.USER_REFUSED);
        assertThat(fx.sim.inbox().of(openid)).isEmpty();
        // an acceptance of another template does not count
        accept(openid, CHECK_IN);
        assertThat(mini.sendSubscribe(paid(openid)).errcode()).isEqualTo(SubscribeResult.USER_REFUSED);
    }

    @Test
    void subscribe_eachAcceptanceIsOneMessage() throws Exception {
        String openid = subscriber(PAID);
        assertThat(mini.sendSubscribe(paid(openid)).sent()).isTrue();
        assertThat(mini.sendSubscribe(paid(openid)).errcode()).isEqualTo(SubscribeResult.USER_REFUSED);
        accept(openid, PAID);
        accept(openid, PAID);
        assertThat(mini.sendSubscribe(paid(openid)).sent()).isTrue();
        assertThat(mini.sendSubscribe(paid(openid)).sent()).isTrue();
        assertThat(mini.sendSubscribe(paid(openid)).errcode()).isEqualTo(SubscribeResult.USER_REFUSED);
        assertThat(fx.sim.inbox().of(openid)).hasSize(3);
    }

    @Test
    void requestSubscribeMessage_answersAcceptPerTemplate() throws Exception {
        String openid = login("{}").path("openid").asText();
        HttpResponse<String> r = fx.post("/sim/v1/miniprogram/subscribe",
                "{\"openid\":\"" + openid + "\",\"templateIds\":[\"" + PAID + "\",\"" + CHECK_IN + "\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("errMsg").asText()).isEqualTo("requestSubscribeMessage:ok");
        assertThat(answer.path(PAID).asText()).isEqualTo("accept");
        assertThat(answer.path(CHECK_IN).asText()).isEqualTo("accept");
        assertThat(fx.sim.subscriptions().remaining(openid, PAID)).isEqualTo(1);
        assertThat(fx.sim.subscriptions().remaining(openid, CHECK_IN)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown template  | LOGGED_IN    | [\"tpl-order-pay-success\",\"tpl-nobody-added\"] | 20001 | tpl-nobody-added",
            "no template       | LOGGED_IN    | []                                                 | 10001 | TmplIds",
            "unknown openid    | oNobody      | [\"tpl-order-pay-success\"]                       | 40003 | oNobody",
    })
    void requestSubscribeMessage_refusals_are400_andAcceptNothing(String name, String who, String ids, int errCode,
                                                                    String named) throws Exception {
        String openid = who.equals("LOGGED_IN") ? login("{}").path("openid").asText() : who;
        HttpResponse<String> r = fx.post("/sim/v1/miniprogram/subscribe",
                "{\"openid\":\"" + openid + "\",\"templateIds\":" + ids + "}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("errCode").asInt()).isEqualTo(errCode);
        assertThat(answer.path("errMsg").asText()).startsWith("requestSubscribeMessage:fail").contains(named);
        assertThat(fx.sim.subscriptions().remaining(openid, PAID)).isZero();
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
        String a = subscriber(PAID);
        String b = subscriber(PAID);
        mini.sendSubscribe(paid(a));
        mini.sendSubscribe(paid(b));
        JsonNode all = JSON.readTree(fx.get("/sim/v1/inbox").body()).path("messages");
        assertThat(all.findValuesAsText("touser")).contains(a, b);
        assertThat(fx.sim.inbox().of(null)).extracting(Inbox.Message::touser).contains(a, b);
    }

    private static JsonNode login(String body) throws Exception {
        HttpResponse<String> r = fx.post("/sim/v1/miniprogram/login", body);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** A user who logged in and accepted each of {@code templateIds} once. */
    private static String subscriber(String... templateIds) throws Exception {
        String openid = login("{}").path("openid").asText();
        for (String t : templateIds) {
            accept(openid, t);
        }
        return openid;
    }

    private static void accept(String openid, String templateId) throws Exception {
        HttpResponse<String> r = fx.post("/sim/v1/miniprogram/subscribe",
                JSON.writeValueAsString(Map.of("openid", openid, "templateIds", List.of(templateId))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static Map<String, String> paidData() {
        return Map.of("character_string6", "HSO0000000000000000000001", "thing1", "Seaside villa", "amount2", "199.00",
                "date4", "2026-12-01", "date5", "2026-12-03");
    }

    private static SubscribeMessage paid(String openid) {
        return new SubscribeMessage(openid, PAID, "pages/order/detail?sn=HSO1", "developer", paidData());
    }
}
