package looklook.sandbox.mini;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import looklook.sandbox.wire.Json;

/**
 * The front end's {@code wx.requestSubscribeMessage}, as the user's tap on "allow" would answer it:
 * {@code POST /sim/v1/miniprogram/subscribe {"openid","templateIds":[...]}} adds one acceptance per
 * template and answers what the success callback gets ({@code {"errMsg":"requestSubscribeMessage:ok",
 * "<templateId>":"accept"}}). Refusals are 400 with what the fail callback gets ({@code errCode},
 * {@code errMsg}), WeChat's codes where it has one.
 */
public final class SubscribeRoutes {
    private static final String JSON = "application/json; charset=utf-8";
    private static final String FAIL = "requestSubscribeMessage:fail ";

    private final Sessions sessions;
    private final Templates templates;
    private final Subscriptions subscriptions;

    public SubscribeRoutes(Sessions sessions, Templates templates, Subscriptions subscriptions) {
        this.sessions = sessions;
        this.templates = templates;
        this.subscriptions = subscriptions;
    }

    /** Registers the route on {@code app}. */
    public void register(Javalin app) {
        app.post("/sim/v1/miniprogram/subscribe", this::subscribe);
    }

    private void subscribe(Context ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            fail(ctx, 10004, "Invalid template id: the body is not a JSON object (expected {\"openid\",\"templateIds\":[...]})");
            return;
        }
        String openid = body.path("openid").asText("");
        if (!sessions.issued(openid)) {
            // no WeChat code: a real front end always has its user; this names the sandbox's own mistake
            fail(ctx, 40003, "openid " + openid + " never logged in to this mini program"
                    + " (expected one from POST /sim/v1/miniprogram/login)");
            return;
        }
        JsonNode ids = body.path("templateIds");
        if (!ids.isArray() || ids.isEmpty()) {
            fail(ctx, 10001, "TmplIds can't be empty (templateIds: expected an array of template ids)");
            return;
        }
        Set<String> accepted = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || templates.find(id.asText()).isEmpty()) {
                fail(ctx, 20001, "No template data return, verify the template id exist (templateIds: "
                        + id + " is not a template of this mini program)");
                return;
            }
            accepted.add(id.asText());
        }
        subscriptions.accept(openid, accepted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errMsg", "requestSubscribeMessage:ok");
        accepted.forEach(id -> out.put(id, "accept"));
        ctx.contentType(JSON).result(Json.write(out));
    }

    private static void fail(Context ctx, int errCode, String why) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errCode", errCode);
        out.put("errMsg", FAIL + why);
        ctx.status(400).contentType(JSON).result(Json.write(out));
    }
}
