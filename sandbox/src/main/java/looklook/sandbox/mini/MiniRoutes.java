package looklook.sandbox.mini;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import looklook.sandbox.WxError;
import looklook.sandbox.crypto.Ciphers;
import looklook.sandbox.crypto.Nonces;
import looklook.sandbox.faults.Faults;
import looklook.sandbox.wire.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mini-program server API (api.weixin.qq.com): errors are HTTP 200 with
 * {@code {"errcode","errmsg"}}, as WeChat answers them. Also the front end's side:
 * {@code POST /sim/v1/miniprogram/login} and the inbox.
 */
public final class MiniRoutes {
    private static final Logger log = LoggerFactory.getLogger(MiniRoutes.class);
    private static final String JSON = "application/json; charset=utf-8";

    private final String appId;
    private final String secret;
    private final Sessions sessions;
    private final AccessTokens tokens;
    private final Inbox inbox;
    private final SubscribeSend send;
    private final Faults faults;
    private final PhoneCodes phoneCodes = new PhoneCodes();

    /** {@code POST /sim/v1/miniprogram/login}: who logs in; every field optional. */
    public record LoginBody(String openid, String phone, String watermarkAppid) {
    }

    /** {@code POST /cgi-bin/stable_token}. */
    public record StableTokenBody(String grantType, String appid, String secret, Boolean forceRefresh) {
    }

    /** Thrown to answer with an errcode. */
    static final class MiniError extends RuntimeException {
        final int errcode;

        MiniError(int errcode, String errmsg) {
            super(errmsg);
            this.errcode = errcode;
        }
    }

    public MiniRoutes(String appId, String secret, Sessions sessions, AccessTokens tokens, Inbox inbox, SubscribeSend send,
                      Faults faults) {
        this.appId = appId;
        this.secret = secret;
        this.sessions = sessions;
        this.tokens = tokens;
        this.inbox = inbox;
        this.send = send;
        this.faults = faults;
    }

    /** Registers the routes on {@code app}. */
    public void register(Javalin app) {
        app.get("/sns/jscode2session", ctx -> answer(ctx, "jscode2session", null, () -> jscode2session(ctx)));
        app.get("/cgi-bin/token", ctx -> answer(ctx, "token", null, () -> token(ctx)));
        app.post("/cgi-bin/stable_token", ctx -> answer(ctx, "stable_token", null, () -> stableToken(ctx)));
        app.post("/cgi-bin/message/subscribe/send", ctx -> {
            JsonNode body = readTree(ctx);
            answer(ctx, "subscribe_send", body == null ? null : body.path("touser").asText(null), () -> subscribeSend(ctx, body));
        });
        PhoneRoutes phone = new PhoneRoutes(appId, tokens, phoneCodes);
        app.post("/wxa/business/getuserphonenumber", ctx -> answer(ctx, "getuserphonenumber", null, () -> phone.getPhoneNumber(ctx)));
        app.post("/sim/v1/miniprogram/login", this::login);
        app.get("/sim/v1/inbox", ctx -> ctx.contentType(JSON).result(Json.write(Map.of(
                "messages", inbox.since(ctx.queryParam("openid"), since(ctx.queryParam("since"))),
                "last_msgid", inbox.lastMsgid()))));
    }

    /** {@code since}: a msgid to read after (a bench reading what is new); absent, every message. */
    private static long since(String raw) {
        if (raw == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("since: \"" + (raw.length() > 20 ? raw.substring(0, 20) + "..." : raw)
                    + "\" (expected a msgid)");
        }
    }

    @FunctionalInterface
    private interface Answer {
        Map<String, Object> get();
    }

    /** Faults first (an HTTP failure, or an errcode), then the real answer. */
    private void answer(Context ctx, String endpoint, String openid, Answer real) throws InterruptedException {
        Faults.CallFault fail = faults.takeCall(endpoint).orElse(null);
        if (fail != null) {
            if (fail.holdMs() > 0) {
                Thread.sleep(fail.holdMs());
            }
            ctx.status(fail.status()).contentType(JSON).result(Json.write(Map.of("errcode", -1, "errmsg", "system error")));
            return;
        }
        Map<String, Object> body;
        try {
            int errcode = faults.takeMini(endpoint, openid).map(Faults.MiniFault::errcode).orElse(0);
            if (errcode != 0) {
                throw new MiniError(errcode, describe(errcode) + " (fault)");
            }
            body = real.get();
        } catch (MiniError e) {
            log.info("mini {} errcode={} {}", endpoint, e.errcode, e.getMessage());
            body = new LinkedHashMap<>();
            body.put("errcode", e.errcode);
            body.put("errmsg", e.getMessage());
        }
        ctx.contentType(JSON).result(Json.write(body));
    }

    private Map<String, Object> jscode2session(Context ctx) {
        checkApp(ctx.queryParam("appid"), ctx.queryParam("secret"));
        if (!"authorization_code".equals(ctx.queryParam("grant_type"))) {
            throw new MiniError(40002, "invalid grant_type " + ctx.queryParam("grant_type"));
        }
        Sessions.Exchange x = sessions.exchange(ctx.queryParam("js_code"), Instant.now());
        if (x.errcode() != 0) {
            throw new MiniError(x.errcode(), x.errmsg());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_key", x.session().sessionKey());
        out.put("openid", x.session().openid());
        return out;
    }

    private Map<String, Object> token(Context ctx) {
        if (!"client_credential".equals(ctx.queryParam("grant_type"))) {
            throw new MiniError(40002, "invalid grant_type " + ctx.queryParam("grant_type"));
        }
        checkApp(ctx.queryParam("appid"), ctx.queryParam("secret"));
        return tokenBody(tokens.issue(Instant.now()));
    }

    private Map<String, Object> stableToken(Context ctx) {
        StableTokenBody b;
        try {
            b = Json.read(ctx.bodyAsBytes(), StableTokenBody.class);
        } catch (WxError e) {
            throw new MiniError(47001, "data format error: " + e.getMessage());
        }
        if (!"client_credential".equals(b.grantType())) {
            throw new MiniError(40002, "invalid grant_type " + b.grantType());
        }
        checkApp(b.appid(), b.secret());
        AccessTokens.Stable s = tokens.stable(Boolean.TRUE.equals(b.forceRefresh()), Instant.now());
        if (s.errcode() != 0) {
            throw new MiniError(s.errcode(), describe(s.errcode()));
        }
        return tokenBody(s.token());
    }

    private Map<String, Object> subscribeSend(Context ctx, JsonNode body) {
        int tokenState = tokens.check(ctx.queryParam("access_token"), Instant.now());
        if (tokenState != 0) {
            throw new MiniError(tokenState, tokenState == 42001 ? "access_token expired" : "invalid credential, access_token is invalid or not latest");
        }
        SubscribeSend.Result r = send.send(body);
        if (r.errcode() != 0) {
            throw new MiniError(r.errcode(), r.errmsg());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        out.put("msgid", r.msgid());
        return out;
    }

    /**
     * What wx.login + the getPhoneNumber button hand a front end: a login code, the button's phoneCode
     * and, as the deprecated button gave it, the phone encrypted under the login's session key.
     */
    private void login(Context ctx) {
        LoginBody b = ctx.bodyAsBytes().length == 0 ? new LoginBody(null, null, null)
                : Json.read(ctx.bodyAsBytes(), LoginBody.class);
        String openid = b.openid() != null ? b.openid() : "o" + Nonces.urlSafe(27);
        String phone = b.phone() != null ? b.phone() : "139" + Nonces.digits(8);
        Instant now = Instant.now();
        Sessions.Session s = sessions.mint(openid, now);
        PhoneCodes.Phone tapped = new PhoneCodes.Phone(phone, b.watermarkAppid() != null ? b.watermarkAppid() : appId, now);
        byte[] iv = Nonces.bytes(16);
        String encrypted = Ciphers.aesCbcEncrypt(Base64.getDecoder().decode(s.sessionKey()), iv,
                Json.write(PhoneRoutes.info(tapped)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", s.code());
        out.put("phoneCode", phoneCodes.mint(tapped));
        out.put("iv", Base64.getEncoder().encodeToString(iv));
        out.put("encryptedData", encrypted);
        out.put("openid", openid);
        ctx.contentType(JSON).result(Json.write(out));
    }

    /** jscode2session and both token endpoints answer a wrong AppSecret 40125 (seen on the real service). */
    private void checkApp(String appid, String givenSecret) {
        if (!appId.equals(appid)) {
            throw new MiniError(40013, "invalid appid " + appid);
        }
        if (!secret.equals(givenSecret)) {
            throw new MiniError(40125, "invalid appsecret");
        }
    }

    private static Map<String, Object> tokenBody(AccessTokens.Token t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", t.accessToken());
        out.put("expires_in", t.expiresIn());
        return out;
    }

    private static JsonNode readTree(Context ctx) {
        try {
            return Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            return null;
        }
    }

    static String describe(int errcode) {
        return switch (errcode) {
            case 40001 -> "invalid credential, access_token is invalid or not latest";
            case 42001 -> "access_token expired";
            case 43101 -> "user refuse to accept the msg";
            case 47003 -> "argument invalid!";
            case 40029 -> "invalid code";
            case 40163 -> "code been used";
            case 40013 -> "invalid appid";
            case 45009 -> "reach max api daily quota limit";
            case 45011 -> "api minute-quota reach limit";
            case -1 -> "system error";
            default -> "error";
        };
    }
}
