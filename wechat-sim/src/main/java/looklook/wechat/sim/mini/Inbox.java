package looklook.wechat.sim.mini;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Subscribe messages WeChat accepted, per user, in arrival order: what the user's WeChat would show. */
public final class Inbox {
    /** One delivered message. */
    public record Message(long msgid, String touser, String templateId, String page, String miniprogramState,
                          String lang, JsonNode data, String receivedAt) {
    }

    private final AtomicLong ids = new AtomicLong(2_000_000_000L);
    private final List<Message> messages = new ArrayList<>();

    /** Stores a message and returns its msgid. */
    public synchronized long add(String touser, String templateId, String page, String state, String lang,
                                 JsonNode data, String at) {
        long id = ids.incrementAndGet();
        messages.add(new Message(id, touser, templateId, page, state, lang, data, at));
        return id;
    }

    /** Messages for {@code openid}, or every message when it is null. */
    public synchronized List<Message> of(String openid) {
        List<Message> out = new ArrayList<>();
        for (Message m : messages) {
            if (openid == null || m.touser().equals(openid)) {
                out.add(m);
            }
        }
        return out;
    }
}
