package looklook.sandbox.mini;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import looklook.sandbox.config.SandboxConfig.TemplateConf;

/** The subscribe-message templates the mini program added in its console, by id. */
public final class Templates {
    private final Map<String, TemplateConf> byId = new LinkedHashMap<>();

    public Templates(List<TemplateConf> templates) {
        for (TemplateConf t : templates) {
            byId.put(t.id(), t);
        }
    }

    /** The template with {@code id}, if the app has it. */
    public Optional<TemplateConf> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }
}
