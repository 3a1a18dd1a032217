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
import java.util.function.Function;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mini-program server API: login code exchange, the phone number behind a getPhoneNumber
 * button code, subscribe messages and user-data decryption, all on one cached access token per
 * process (stable_token in normal mode, refreshed before it expires and once more when WeChat
 * calls it invalid). It never asks for {@code force_refresh}: WeChat allows 20 a day, 30 s apart,
 * and a token it refused is replaced just as well in normal mode, which hands out the current one.
 * When WeChat refuses a new token (45009, the day's quota, or any failure) the old token is used
 * to its end and the refresh waits {@link #BACKOFF}. With no live token left, only 45009 makes
 * calls fail at once for {@link #BACKOFF} (asking sooner cannot succeed); after any other failure
 * (busy, unreachable) the next call asks again, since it may well succeed. Thread-safe.
 */
public final class WxMiniClient {
    private static final Logger log = LoggerFactory.getLogger(WxMiniClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Refresh this long before WeChat's expiry, so a token never dies in flight. */
    private static final Duration EARLY = Duration.ofMinutes(5);
    /** How long a refused refresh waits before asking WeChat again. */
    static final Duration BACKOFF = Duration.ofSeconds(30);
    /** stable_token's answer when the day's quota is used up. */
    private static final int QUOTA_REACHED = 45009;

    private final WxMiniConf conf;
    private final HttpClient http;
    private final Clock clock;
    private final Object tokenLock = new Object();
    private volatile CachedToken token;
    /** Until when calls fail at once without a token: WeChat said 45009 and no old token is left. */
    private volatile Instant quotaUntil = Instant.MIN;

    /** A token, when to ask for the next one, and when WeChat stops taking it. */
    private record CachedToken(String value, Instant refreshAt, Instant expiresAt) {
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

    /** The phone number in {@code wx.getPhoneNumber} data, decrypted with the session of the same login (the deprecated flow). */
    public WxPhone decryptPhone(WxMiniSession session, String encryptedData, String iv) {
        return WxUserData.phone(conf.appId(), session.sessionKey(), encryptedData, iv);
    }

    /**
     * The phone number behind a getPhoneNumber button code ({@code wxa/business/getuserphonenumber}).
     * The code works once and for 5 minutes: a bad, expired or used one is a 110013 BizException
     * asking the user to tap the button again; one another app issued, or an answer watermarked for
     * another app, is 110006; anything else WeChat answers (busy, rate limit) is a 100001.
     */
    public WxPhone phoneNumber(String phoneCode) {
        if (phoneCode == null || phoneCode.isBlank()) {
            throw BizException.badParam("phoneCode: empty (expected the code from the getPhoneNumber button)");
        }
        JsonNode r = withToken(t -> post("/wxa/business/getuserphonenumber?access_token=" + enc(t),
                JSON.createObjectNode().put("code", phoneCode)));
        int errcode = r.path("errcode").asInt(0);
        if (errcode == 40029) {
            throw new BizException(ErrorCode.WX_MINI_PHONE_CODE_INVALID, "phoneCode is invalid, expired or already used "
                    + "(errcode 40029); tap the phone number button again for a new one");
        }
        if (errcode == 40013) {
            throw new BizException(ErrorCode.WX_MINI_DATA_INVALID, "phoneCode was issued to another mini program (errcode 40013)");
        }
        if (errcode != 0) {
            throw new BizException(ErrorCode.SERVER_COMMON_ERROR, "getuserphonenumber errcode " + errcode + " " + r.path("errmsg").asText());
        }
        JsonNode info = r.path("phone_info");
        String watermark = info.path("watermark").path("appid").asText(null);
        if (!conf.appId().equals(watermark)) {
            throw new BizException(ErrorCode.WX_MINI_DATA_INVALID,
                    "phone_info belongs to appid " + watermark + " (expected this mini program's " + conf.appId() + ")");
        }
        String pure = info.path("purePhoneNumber").asText("");
        if (pure.isEmpty()) {
            throw new BizException(ErrorCode.SERVER_COMMON_ERROR, "getuserphonenumber answered no purePhoneNumber");
        }
        return new WxPhone(info.path("phoneNumber").asText(pure), pure, info.path("countryCode").asText("86"));
    }

    /** A valid access token, from the cache or freshly from {@code cgi-bin/stable_token}. */
    public String accessToken() {
        CachedToken t = token;
        if (t != null && clock.instant().isBefore(t.refreshAt())) {
            return t.value();
        }
        synchronized (tokenLock) {
            t = token;
            Instant now = clock.instant();
            if (t != null && now.isBefore(t.refreshAt())) {
                return t.value();
            }
            return refresh(t, now);
        }
    }

    /** Asks stable_token (normal mode) for the current token; {@code old} may stand in if WeChat refuses. */
    private String refresh(CachedToken old, Instant now) {
        if (now.isBefore(quotaUntil)) {
            throw new BizException(ErrorCode.SERVER_COMMON_ERROR, "no access token: stable_token answered "
                    + QUOTA_REACHED + " (daily quota); asking again after " + quotaUntil);
        }
        JsonNode r;
        try {
            r = post("/cgi-bin/stable_token", JSON.createObjectNode()
                    .put("grant_type", "client_credential")
                    .put("appid", conf.appId())
                    .put("secret", conf.secret())
                    .put("force_refresh", false));
        } catch (BizException unreachable) {
            return keepOld(old, now, unreachable, 0);
        }
        String value = r.path("access_token").asText("");
        long expiresIn = r.path("expires_in").asLong(0);
        if (value.isEmpty() || expiresIn <= 0) {
            int errcode = r.path("errcode").asInt();
            return keepOld(old, now, new BizException(ErrorCode.SERVER_COMMON_ERROR,
                    "stable_token errcode " + errcode + " " + r.path("errmsg").asText()), errcode);
        }
        Duration life = Duration.ofSeconds(expiresIn);
        Duration early = life.compareTo(EARLY.multipliedBy(2)) > 0 ? EARLY : life.dividedBy(2);
        token = new CachedToken(value, now.plus(life).minus(early), now.plus(life));
        return value;
    }

    /** A refused refresh: the old token while WeChat still takes it, asked for again after BACKOFF. */
    private String keepOld(CachedToken old, Instant now, BizException refused, int errcode) {
        Instant retryAt = now.plus(BACKOFF);
        if (old != null && now.isBefore(old.expiresAt())) {
            log.warn("access token refresh refused ({}); keeping the current token until {}, asking again after {}",
                    refused.getMessage(), old.expiresAt(), retryAt);
            token = new CachedToken(old.value(), retryAt.isBefore(old.expiresAt()) ? retryAt : old.expiresAt(), old.expiresAt());
            return old.value();
        }
        if (errcode == QUOTA_REACHED) {
            quotaUntil = retryAt;
        }
        throw refused;
    }

    /**
     * Sends a subscribe message and returns WeChat's errcode; a token WeChat calls invalid or expired
     * (40001/42001) is refreshed and the send retried once. Transport failures are a 100001 BizException.
     */
    public SubscribeResult sendSubscribe(SubscribeMessage m) {
        JsonNode r = withToken(t -> postSubscribe(t, m));
        return new SubscribeResult(r.path("errcode").asInt(0), r.path("errmsg").asText(""),
                r.has("msgid") ? r.path("msgid").asLong() : null);
    }

    /** Calls WeChat with the access token; a token it refuses (40001/42001) is replaced and the call made once more. */
    private JsonNode withToken(Function<String, JsonNode> call) {
        String used = accessToken();
        JsonNode r = call.apply(used);
        int errcode = r.path("errcode").asInt(0);
        if (errcode == 40001 || errcode == 42001) {
            log.info("access token refused (errcode {}), refreshing once", errcode);
            invalidate(used);
            r = call.apply(accessToken());
        }
        return r;
    }

    private JsonNode postSubscribe(String accessToken, SubscribeMessage m) {
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
        return post("/cgi-bin/message/subscribe/send?access_token=" + enc(accessToken), body);
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
