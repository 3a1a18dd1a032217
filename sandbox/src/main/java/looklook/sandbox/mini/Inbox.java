package looklook.sandbox.mini;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import looklook.sandbox.wire.Times;

/**
 * Subscribe messages WeChat accepted, per user, in arrival order: what the user's WeChat would show.
 * It keeps the newest {@value #KEPT} (a long bench delivers hundreds of thousands); older ones go
 * first, from the whole list and from their user's.
 */
public final class Inbox {
    static final int KEPT = 100_000;

    /**
     * One delivered message; {@code receivedAtMs} is the same moment in epoch milliseconds, for a
     * latency measured against it (the bench's notify-to-message).
     */
    public record Message(long msgid, String touser, String templateId, String page, String miniprogramState,
                          String lang, JsonNode data, String receivedAt, long receivedAtMs) {
    }

    private final int kept;
    private long lastId = 2_000_000_000L;
    private final Deque<Message> messages = new ArrayDeque<>();
    /** The same messages per user: a user's inbox is read often (tests, the demo, the bench) while all grow. */
    private final Map<String, Deque<Message>> byUser = new HashMap<>();

    public Inbox() {
        this(KEPT);
    }

    Inbox(int kept) {
        this.kept = kept;
    }

    /** Stores a message and returns its msgid (ids grow with arrival). */
    public synchronized long add(String touser, String templateId, String page, String state, String lang,
                                 JsonNode data, Instant at) {
        long id = ++lastId;
        Message m = new Message(id, touser, templateId, page, state, lang, data, Times.rfc3339(at), at.toEpochMilli());
        messages.addLast(m);
        byUser.computeIfAbsent(touser, u -> new ArrayDeque<>()).addLast(m);
        if (messages.size() > kept) {
            Message oldest = messages.removeFirst();
            Deque<Message> own = byUser.get(oldest.touser());
            own.removeFirst(); // a user's oldest is theirs in the whole list too
            if (own.isEmpty()) {
                byUser.remove(oldest.touser());
            }
        }
        return id;
    }

    /** Messages for {@code openid}, or every message when it is null. */
    public synchronized List<Message> of(String openid) {
        return since(openid, Long.MIN_VALUE);
    }

    /** As {@link #of}, only those after msgid {@code after}: a reader that keeps up fetches what is new. */
    public synchronized List<Message> since(String openid, long after) {
        Deque<Message> from = openid == null ? messages : byUser.getOrDefault(openid, new ArrayDeque<>());
        List<Message> out = new ArrayList<>();
        for (Iterator<Message> newestFirst = from.descendingIterator(); newestFirst.hasNext(); ) {
            Message m = newestFirst.next();
            if (m.msgid() <= after) {
                break;
            }
            out.add(m);
        }
        Collections.reverse(out);
        return out;
    }

    /** The newest msgid given so far (a mark to read {@link #since} from). */
    public synchronized long lastMsgid() {
        return lastId;
    }
}
