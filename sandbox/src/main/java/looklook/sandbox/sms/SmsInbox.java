package looklook.sandbox.sms;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Texts an SMS provider accepted, in arrival order: what each phone would show. Keeps the newest {@value #CAPACITY}. */
public final class SmsInbox {
    /** Old texts fall out, so a long-running sandbox does not grow without bound. */
    public static final int CAPACITY = 10_000;

    /** One text, as the phone got it. */
    public record Sms(String mobile, String text, Instant receivedAt) {
    }

    private final Deque<Sms> texts = new ArrayDeque<>();

    /** Stores a text. */
    public synchronized void add(String mobile, String text, Instant at) {
        if (texts.size() == CAPACITY) {
            texts.removeFirst();
        }
        texts.addLast(new Sms(mobile, text, at));
    }

    /** The texts to {@code mobile}, oldest first. */
    public synchronized List<Sms> of(String mobile) {
        return texts.stream().filter(s -> s.mobile().equals(mobile)).toList();
    }
}
