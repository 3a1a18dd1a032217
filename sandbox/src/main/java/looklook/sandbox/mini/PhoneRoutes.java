package looklook.sandbox.mini;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import looklook.sandbox.wire.Json;

/**
 * {@code POST /wxa/business/getuserphonenumber?access_token=} {@code {"code"}}: a getPhoneNumber
 * button code for the user's phone (developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/
 * phone-number/getPhoneNumber.html). Refusals as that page lists them: token 41001 missing, 40001
 * unknown or replaced, 42001 expired; body not JSON 47001; code unknown, expired, used or absent
 * 40029; a code another app's button issued 40013. Faults add -1 and 45011.
 */
final class PhoneRoutes {
    private final String appId;
    private final AccessTokens tokens;
    private final PhoneCodes codes;

    PhoneRoutes(String appId, AccessTokens tokens, PhoneCodes codes) {
        this.appId = appId;
        this.tokens = tokens;
        this.codes = codes;
    }

    /** The answer body; a refusal is thrown as a {@link MiniRoutes.MiniError}. */
    Map<String, Object> getPhoneNumber(Context ctx) {
        String token = ctx.queryParam("access_token");
        if (token == null || token.isEmpty()) {
            throw new MiniRoutes.MiniError(41001, "access_token missing");
        }
        int tokenState = tokens.check(token, Instant.now());
        if (tokenState != 0) {
            throw new MiniRoutes.MiniError(tokenState, MiniRoutes.describe(tokenState));
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw new MiniRoutes.MiniError(47001, "data format error: body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw new MiniRoutes.MiniError(47001, "data format error: body is not a JSON object");
        }
        PhoneCodes.Exchange x = codes.exchange(body.path("code").asText(null), Instant.now());
        if (x.errcode() != 0) {
            throw new MiniRoutes.MiniError(x.errcode(), "invalid code");
        }
        if (!appId.equals(x.phone().appid())) {
            throw new MiniRoutes.MiniError(40013, "invalid appid: the code was issued to " + x.phone().appid());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        out.put("phone_info", info(x.phone()));
        return out;
    }

    /** The phone as WeChat describes it, in the API answer and in the deprecated encryptedData alike. */
    static Map<String, Object> info(PhoneCodes.Phone phone) {
        Map<String, Object> watermark = new LinkedHashMap<>();
        watermark.put("timestamp", phone.tappedAt().getEpochSecond());
        watermark.put("appid", phone.appid());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("phoneNumber", phone.number());
        info.put("purePhoneNumber", phone.number());
        info.put("countryCode", "86");
        info.put("watermark", watermark);
        return info;
    }
}
