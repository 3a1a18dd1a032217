package looklook.sandbox.mini;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import looklook.sandbox.wire.Times;

/** Subscribe messages WeChat accepted, per user, in arrival order: what the user's WeChat would show. */
public final class Inbox {
    /**
     * One delivered message; {@code receivedAtMs} is the same moment in epoch milliseconds, for a
     * latency measured against it (the bench's notify-to-message).
     */
    public record Message(long msgid, String touser, String templateId, String page, String miniprogramState,
                          String lang, JsonNode data, String receivedAt, long receivedAtMs) {
    }

    private final AtomicLong ids = new AtomicLong(2_000_000_000L);
    private final List<Message> messages = new ArrayList<>();
    /** The same messages per user: a user's inbox is read often (tests, the demo, the bench) while all grow. */
    private final Map<String, List<Message>> byUser = new HashMap<>();

    /** Stores a message and returns its msgid. */
    public synchronized long add(String touser, String templateId, String page, String state, String lang,
                                 JsonNode data, Instant at) {
        long id = ids.incrementAndGet();
        Message m = new Message(id, touser, templateId, page, state, lang, data, Times.rfc3339(at), at.toEpochMilli());
        messages.add(m);
        byUser.computeIfAbsent(touser, u -> new ArrayList<>()).add(m);
        return id;
    }

    /** Messages for {@code openid}, or every message when it is null. */
    public synchronized List<Message> of(String openid) {
        return List.copyOf(openid == null ? messages : byUser.getOrDefault(openid, List.of()));
    }
}
