package looklook.sandbox.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Every notify delivery and its attempts, as shown by the ledger, so tests can count retries. Thread-safe. */
public final class Deliveries {
    /** Where a delivery stands. */
    public enum State { PENDING, DELIVERED, FAILED, DROPPED, HELD, PROBE }

    /** One POST to the merchant: when, the status answered (null when none) or why it failed, how long it took. */
    public record Attempt(int n, String at, Integer status, String error, long ms) {
    }

    /** One delivery of one notify; duplicates of a notify share its {@code notifyId}. */
    public record Delivery(long seq, String notifyId, String eventType, String outTradeNo, String outRefundNo,
                           String notifyUrl, State state, List<Attempt> attempts) {
    }

    private final AtomicLong seqs = new AtomicLong();
    private final Map<Long, Delivery> deliveries = new LinkedHashMap<>();

    /** Opens a delivery record for {@code m}. */
    public synchronized long open(NotifyMessage m, State state) {
        long seq = seqs.incrementAndGet();
        deliveries.put(seq, new Delivery(seq, m.id(), m.eventType(), m.outTradeNo(), m.outRefundNo(), m.notifyUrl(),
                state, List.of()));
        return seq;
    }

    /** Records an attempt. */
    public synchronized void attempt(long seq, Attempt a) {
        Delivery d = deliveries.get(seq);
        List<Attempt> attempts = new ArrayList<>(d.attempts());
        attempts.add(a);
        deliveries.put(seq, new Delivery(d.seq(), d.notifyId(), d.eventType(), d.outTradeNo(), d.outRefundNo(),
                d.notifyUrl(), d.state(), List.copyOf(attempts)));
    }

    /** Moves a delivery to {@code state}. */
    public synchronized void state(long seq, State state) {
        Delivery d = deliveries.get(seq);
        deliveries.put(seq, new Delivery(d.seq(), d.notifyId(), d.eventType(), d.outTradeNo(), d.outRefundNo(),
                d.notifyUrl(), state, d.attempts()));
    }

    /** Every delivery, oldest first. */
    public synchronized List<Delivery> all() {
        return List.copyOf(deliveries.values());
    }
}
