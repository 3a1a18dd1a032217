package looklook.pkg.wechat;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A subscribe message to one user: template, the page it opens, {@code miniprogram_state}
 * (developer, trial or formal) and the template's fields ({@code thing1} -> value).
 */
public record SubscribeMessage(String touser, String templateId, String page, String miniprogramState,
                               Map<String, String> data) {
    public SubscribeMessage {
        requireNonNull(touser, "touser");
        requireNonNull(templateId, "templateId");
        data = Map.copyOf(requireNonNull(data, "data"));
        miniprogramState = miniprogramState == null ? "formal" : miniprogramState;
    }
}
