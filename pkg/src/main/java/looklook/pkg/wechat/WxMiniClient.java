package looklook.pkg.wechat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mini-program server API: login code exchange, a cached access token (stable_token,
 * refreshed before it expires and once more when WeChat says it is invalid), subscribe
 * messages, and user-data decryption. One per process; thread-safe.
 */
public final class WxMiniClient {
    private static final Logger log = LoggerFactory.getLogger(WxMiniClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Refresh this long before WeChat's expiry, so a token never dies in flight. */
    private static final Duration EARLY = Duration.ofMinutes(5);

    private final WxMiniConf conf;
    private final HttpClient http;
    private final Clock clock;
    private final Object tokenLock = new Object();
    private volatile CachedToken token;

    private record CachedToken(String value, Instant refreshAt) {
    }

    public WxMiniClient(WxMiniConf conf) {
        this(conf, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(conf.timeout())).build(), Clock.systemUTC());
    }

    WxMiniClient(WxMiniConf conf, HttpClient http, Clock clock) {
        this.conf = requireNonNull(conf, "conf");
        this.http = requireNonNull(http, "http");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Exchanges a {@code wx.login} code for openid and session key. A bad, expired or reused code is
     * a 110005 BizException telling the user to log in again.
     */
    public WxMiniSession code2Session(String code) {
        if (code == null || code.isBlank()) {
            throw BizException.badParam("code: empty (expected the code from wx.login)");
        }
        JsonNode r = get("/sns/jscode2session?appid=" + enc(conf.appId()) + "&secret=" + enc(conf.secret())
                + "&js_code=" + enc(code) + "&grant_type=authorization_code");
        int errcode = r.path("errcode").asInt(0);
        if (errcode == 40029 || errcode == 40163 || errcode == 40226) {
            throw new BizException(ErrorCode.WX_MINI_CODE_INVALID, "wx.login code is invalid, expired or already used (errcode "
                    + errcode + "); call wx.login again");
        }
        if (errcode != 0 || r.path("openid").asText("").isEmpty()) {
            throw new BizException(ErrorCode.SERVER_COMMON_ERROR, "jscode2session errcode " + errcode + " " + r.path("errmsg").asText());
        }
        return new WxMiniSession(r.path("openid").asText(), r.path("session_key").asText(), r.path("unionid").asText(null));
    }

    /** The phone number in {@code wx.getPhoneNumber} data, decrypted with the session of the same login. */
    public WxPhone decryptPhone(WxMiniSession session, String encryptedData, String iv) {
        return WxUserData.phone(conf.appId(), session.sessionKey(), encryptedData, iv);
    }

    /** A valid access token, from the cache or freshly from {@code cgi-bin/stable_token}. */
    public String accessToken() {
        CachedToken t = token;
        if (t != null && clock.instant().isBefore(t.refreshAt())) {
            return t.value();
        }
        synchronized (tokenLock) {
            t = token;
            if (t != null && clock.instant().isBefore(t.refreshAt())) {
                return t.value();
            }
            return fetchToken().value();
        }
    }

    /**
     * Sends a subscribe message and returns WeChat's errcode; a token WeChat calls invalid or expired
     * (40001/42001) is refreshed and the send retried once. Transport failures are a 100001 BizException.
     */
    public SubscribeResult sendSubscribe(SubscribeMessage m) {
        String used = accessToken();
        SubscribeResult r = postSubscribe(used, m);
        if (r.errcode() == 40001 || r.errcode() == 42001) {
            log.info("subscribe send: access token refused (errcode {}), refreshing once", r.errcode());
            invalidate(used);
            r = postSubscribe(accessToken(), m);
        }
        return r;
    }

    private SubscribeResult postSubscribe(String accessToken, SubscribeMessage m) {
        ObjectNode body = JSON.createObjectNode()
                .put("touser", m.touser())
                .put("template_id", m.templateId())
                .put("miniprogram_state", m.miniprogramState())
                .put("lang", "zh_CN");
        if (m.page() != null) {
            body.put("page", m.page());
        }
        ObjectNode data = body.putObject("data");
        for (Map.Entry<String, String> e : m.data().entrySet()) {
            data.putObject(e.getKey()).put("value", e.getValue());
        }
        JsonNode r = post("/cgi-bin/message/subscribe/send?access_token=" + enc(accessToken), body);
        return new SubscribeResult(r.path("errcode").asInt(0), r.path("errmsg").asText(""),
                r.has("msgid") ? r.path("msgid").asLong() : null);
    }

    private CachedToken fetchToken() {
        ObjectNode body = JSON.createObjectNode()
                .put("grant_type", "client_credential")
                .put("appid", conf.appId())
                .put("secret", conf.secret())
                .put("force_refresh", false);
        JsonNode r = post("/cgi-bin/stable_token", body);
        String value = r.path("access_token").asText("");
        long expiresIn = r.path("expires_in").asLong(0);
        if (value.isEmpty() || expiresIn <= 0) {
            throw new BizException(ErrorCode.SERVER_COMMON_ERROR,
                    "stable_token errcode " + r.path("errcode").asInt() + " " + r.path("errmsg").asText());
        }
        Duration life = Duration.ofSeconds(expiresIn);
        Duration early = life.compareTo(EARLY.multipliedBy(2)) > 0 ? EARLY : life.dividedBy(2);
        CachedToken t = new CachedToken(value, clock.instant().plus(life).minus(early));
        token = t;
        return t;
    }

    private void invalidate(String value) {
        synchronized (tokenLock) {
            CachedToken t = token;
            if (t != null && t.value().equals(value)) {
                token = null;
            }
        }
    }

    private JsonNode get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(conf.endpoint() + pathAndQuery)).GET(), pathAndQuery);
    }

    private JsonNode post(String pathAndQuery, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(conf.endpoint() + pathAndQuery))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), pathAndQuery);
    }

    private JsonNode send(HttpRequest.Builder req, String pathAndQuery) {
        String what = pathAndQuery.substring(0, pathAndQuery.indexOf('?') < 0 ? pathAndQuery.length() : pathAndQuery.indexOf('?'));
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req.timeout(Duration.ofMillis(conf.timeout())).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BizException(ErrorCode.SERVER_COMMON_ERROR, "WeChat " + what + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BizException(ErrorCode.SERVER_COMMON_ERROR, "interrupted calling WeChat " + what, e);
        }
        if (resp.statusCode() != 200) {
            throw new BizException(ErrorCode.SERVER_COMMON_ERROR, "WeChat " + what + " answered HTTP " + resp.statusCode());
        }
        try {
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new BizException(ErrorCode.SERVER_COMMON_ERROR, "WeChat " + what + " answered non-JSON", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
