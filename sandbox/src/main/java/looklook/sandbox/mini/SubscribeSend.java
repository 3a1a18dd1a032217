package looklook.sandbox.mini;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import looklook.pkg.wechat.TemplateKeywords;
import looklook.sandbox.config.SandboxConfig.TemplateConf;
import looklook.sandbox.wire.Times;

/**
 * {@code subscribeMessage.send} once the access token passed: the checks WeChat makes of the
 * message, in the order of its error table, then the user's one-time subscription, then delivery.
 * A refused message spends no subscription.
 */
public final class SubscribeSend {
    /** WeChat's answer: errcode 0 with a msgid, or an errcode and its errmsg. */
    public record Result(int errcode, String errmsg, long msgid) {
        static Result refused(int errcode, String errmsg) {
            return new Result(errcode, errmsg, 0);
        }
    }

    private final Sessions sessions;
    private final Templates templates;
    private final Subscriptions subscriptions;
    private final Inbox inbox;

    public SubscribeSend(Sessions sessions, Templates templates, Subscriptions subscriptions, Inbox inbox) {
        this.sessions = sessions;
        this.templates = templates;
        this.subscriptions = subscriptions;
        this.inbox = inbox;
    }

    /** Checks and delivers {@code body}, the request's JSON (null when it was not JSON). */
    public Result send(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Result.refused(47001, "data format error: body is not a JSON object");
        }
        // 1. an openid of this app's users: one never issued is another app's, or made up
        String touser = body.path("touser").asText("");
        if (!sessions.issued(touser)) {
            return Result.refused(40003, "invalid openid");
        }
        // 2. a template the app added in its console
        Optional<TemplateConf> template = templates.find(body.path("template_id").asText(""));
        if (template.isEmpty()) {
            return Result.refused(40037, "invalid template_id");
        }
        // 3. every keyword filled as its type demands, nothing else
        JsonNode data = body.path("data");
        if (!data.isObject() || data.isEmpty()) {
            return Result.refused(47003, "argument invalid! data is empty");
        }
        Optional<String> refusal = refusal(template.get().keywordTypes(), data);
        if (refusal.isPresent()) {
            return Result.refused(47003, refusal.get());
        }
        // 4. one acceptance of this template by this user, spent by this message
        if (!subscriptions.spend(touser, template.get().id())) {
            return Result.refused(43101, "user refuse to accept the msg");
        }
        long msgid = inbox.add(touser, template.get().id(), body.path("page").asText(null),
                body.path("miniprogram_state").asText("formal"), body.path("lang").asText("zh_CN"), data,
                Instant.now());
        return new Result(0, "ok", msgid);
    }

    /** WeChat's errmsg for the first key that does not fit ("is emtpy" is WeChat's own spelling). */
    private static Optional<String> refusal(TemplateKeywords keywords, JsonNode data) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            JsonNode value = field.getValue().path("value");
            if (!value.isMissingNode() && !value.isTextual()) {
                // a number or an object where WeChat wants text
                return Optional.of("argument invalid! data." + field.getKey() + ".value invalid");
            }
            values.put(field.getKey(), value.asText(""));
        }
        return keywords.check(values).map(r -> switch (r.problem()) {
            case MISSING -> "argument invalid! data." + r.key() + ".value is emtpy";
            case INVALID -> "argument invalid! data." + r.key() + ".value invalid";
            case UNKNOWN -> "argument invalid! data." + r.key() + " is not a keyword of the template";
        });
    }
}
