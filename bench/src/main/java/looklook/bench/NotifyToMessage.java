package looklook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The asynchronous half, end to end: at a fixed rate, users pay in the WeChat simulator (users, orders
 * and prepays made before the clock starts); for each, the time from the payment to the later of its
 * two subscribe messages in the user's WeChat inbox: notify, verification, outbox, Kafka, order-mq, job
 * queue, mqueue-job, Kafka, message-mq, WeChat. The simulator stamps each message as it accepts it, so
 * nothing polls the inbox while the clock runs; both clocks are this machine's.
 */
final class NotifyToMessage {

    private record Prepared(String openid, JsonNode prepay) {
    }

    private NotifyToMessage() {
    }

    static Load.Result run(String host, int perSecond, int count, int vus) throws Exception {
        String base = "http://" + host;
        List<Prepared> ready = prepare(base, count, vus);
        Map<String, Long> paidAtMs = new HashMap<>();
        long gap = 1_000_000_000L / perSecond;
        Inbox inbox = new Inbox(base, Http.get(base + ":8090/sim/v1/inbox?since=" + Long.MAX_VALUE).path("last_msgid").asLong());
        ProcStats.Snapshot cpuFrom = ProcStats.take();
        long t0 = System.nanoTime();
        // paid from a few threads, so that a slow answer does not hold back the rate
        ExecutorService payers = Executors.newFixedThreadPool(vus);
        List<Future<?>> paid = new ArrayList<>();
        for (int i = 0; i < ready.size(); i++) {
            long due = t0 + i * gap;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            Prepared p = ready.get(i);
            paidAtMs.put(p.openid(), System.currentTimeMillis());
            paid.add(payers.submit(() -> {
                Scenarios.payInWeChat(base, p.prepay());
                return null;
            }));
        }
        for (Future<?> f : paid) {
            f.get();
        }
        payers.shutdown();
        // wait for the messages, reading only what is new, seldom
        long deadline = System.nanoTime() + 30_000_000_000L;
        do {
            Thread.sleep(250);
            inbox.readNew(paidAtMs.keySet());
        } while (inbox.complete() < count && System.nanoTime() < deadline);
        ProcStats.Snapshot cpuTo = ProcStats.take();
        double seconds = (System.nanoTime() - t0) / 1e9;
        // a user still missing a message counts as late as the wait lasted: the p99 cannot hide them
        long now = System.currentTimeMillis();
        long[] nanos = paidAtMs.entrySet().stream()
                .mapToLong(e -> Math.max(0, inbox.lastOfTwo(e.getKey()).orElse(now) - e.getValue()) * 1_000_000).toArray();
        return Load.report("notify-to-message@" + perSecond + "/s", nanos, seconds, count - inbox.complete(),
                ProcStats.perOp(cpuFrom, cpuTo, count));
    }

    /** Users who accepted the two messages, each with a booked and prepaid order, made by {@code vus} threads. */
    private static List<Prepared> prepare(String base, int count, int vus) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(vus);
        try {
            List<Future<Prepared>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                made.add(pool.submit(() -> {
                    String openid = "oLat" + Long.toHexString(System.nanoTime()) + n;
                    String token = Scenarios.newWxUser(base, openid).token();
                    Scenarios.acceptMessages(base, openid);
                    return new Prepared(openid, Scenarios.bookAndPrepay(base, token).prepay());
                }));
            }
            List<Prepared> out = new ArrayList<>();
            for (Future<Prepared> f : made) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** The sandbox's inbox read as it grows: per user, how many messages came and when the last did. */
    private static final class Inbox {
        private final String base;
        private long mark;
        private final Map<String, Integer> seen = new HashMap<>();
        private final Map<String, Long> lastMs = new HashMap<>();

        Inbox(String base, long mark) {
            this.base = base;
            this.mark = mark;
        }

        void readNew(Set<String> users) throws Exception {
            for (JsonNode m : Http.get(base + ":8090/sim/v1/inbox?since=" + mark).path("messages")) {
                mark = Math.max(mark, m.path("msgid").asLong());
                String openid = m.path("touser").asText();
                if (users.contains(openid)) {
                    seen.merge(openid, 1, Integer::sum);
                    lastMs.merge(openid, m.path("received_at_ms").asLong(), Math::max);
                }
            }
        }

        /** Users with both messages in. */
        int complete() {
            return (int) seen.values().stream().filter(n -> n >= 2).count();
        }

        /** When the later of the user's two messages arrived (epoch ms), once both have. */
        Optional<Long> lastOfTwo(String openid) {
            return seen.getOrDefault(openid, 0) >= 2 ? Optional.of(lastMs.get(openid)) : Optional.empty();
        }
    }
}
