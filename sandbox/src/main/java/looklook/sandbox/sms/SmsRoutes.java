package looklook.sandbox.sms;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import looklook.sandbox.wire.Json;
import looklook.sandbox.wire.Times;

/**
 * The sandbox SMS provider: usercenter-rpc posts each text to {@code POST /sim/v1/sms}; the demo and
 * tests read a phone's texts, as its user would, from {@code GET /sim/v1/sms?mobile=} (newest last).
 */
public final class SmsRoutes {
    private static final String JSON = "application/json; charset=utf-8";
    private static final Pattern MOBILE = Pattern.compile("1\\d{10}");
    private static final int MAX_TEXT = 500;

    private final SmsInbox inbox;
    private final Clock clock;

    public SmsRoutes(SmsInbox inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Registers the routes on {@code app}. */
    public void register(Javalin app) {
        app.post("/sim/v1/sms", this::send);
        app.get("/sim/v1/sms", this::read);
    }

    private void send(Context ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (java.io.IOException e) {
            body = null;
        }
        String mobile = body == null ? "" : body.path("mobile").asText("");
        String text = body == null ? "" : body.path("text").asText("");
        if (!MOBILE.matcher(mobile).matches() || text.isEmpty() || text.length() > MAX_TEXT) {
            refuse(ctx, "expected {\"mobile\": 11 digits, \"text\": 1.." + MAX_TEXT + " characters}");
            return;
        }
        inbox.add(mobile, text, clock.instant());
        ctx.status(204);
    }

    private void read(Context ctx) {
        String mobile = ctx.queryParam("mobile");
        if (mobile == null || !MOBILE.matcher(mobile).matches()) {
            refuse(ctx, "query mobile: expected 11 digits");
            return;
        }
        ctx.contentType(JSON).result(Json.write(inbox.of(mobile).stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mobile", s.mobile());
            m.put("text", s.text());
            m.put("time", Times.rfc3339(s.receivedAt()));
            return m;
        }).toList()));
    }

    private static void refuse(Context ctx, String message) {
        ctx.status(400).contentType(JSON).result(Json.write(Map.of("code", "PARAM_ERROR", "message", message)));
    }
}
