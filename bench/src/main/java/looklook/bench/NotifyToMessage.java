package looklook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The asynchronous half, end to end: at a fixed rate, users pay in the WeChat simulator (orders and
 * prepays made before the clock starts); for each, the time from the payment to both subscribe
 * messages in that user's WeChat inbox: notify, verification, outbox, Kafka, order-mq, job queue,
 * mqueue-job, Kafka, message-mq, WeChat.
 */
final class NotifyToMessage {

    private record Prepared(String openid, JsonNode prepay) {
    }

    private NotifyToMessage() {
    }

    static Load.Result run(String host, int perSecond, int count) throws Exception {
        String base = "http://" + host;
        List<Prepared> ready = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String openid = "oLat" + Long.toHexString(System.nanoTime()) + i;
            String token = Scenarios.newWxUser(base, openid).token();
            Scenarios.acceptMessages(base, openid);
            ready.add(new Prepared(openid, Scenarios.bookAndPrepay(base, token).prepay()));
        }
        Map<String, Long> paidAt = new ConcurrentHashMap<>();
        Map<String, Long> latency = new ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> {
            while (latency.size() < count && !Thread.currentThread().isInterrupted()) {
                for (Map.Entry<String, Long> p : paidAt.entrySet()) {
                    if (latency.containsKey(p.getKey())) {
                        continue;
                    }
                    try {
                        JsonNode inbox = Http.get(base + ":8090/sim/v1/inbox?openid=" + p.getKey());
                        if (inbox.path("messages").size() >= 2) {
                            latency.put(p.getKey(), System.nanoTime() - p.getValue());
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "inbox-watcher");
        watcher.setDaemon(true);
        watcher.start();
        long gap = 1_000_000_000L / perSecond;
        long t0 = System.nanoTime();
        for (int i = 0; i < ready.size(); i++) {
            while (System.nanoTime() < t0 + i * gap) {
                Thread.sleep(1);
            }
            JsonNode p = ready.get(i).prepay();
            paidAt.put(ready.get(i).openid(), System.nanoTime());
            Scenarios.payInWeChat(base, p);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (latency.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        watcher.interrupt();
        long[] nanos = latency.values().stream().mapToLong(Long::longValue).toArray();
        return Load.report("notify-to-message", nanos, (System.nanoTime() - t0) / 1e9, count - nanos.length);
    }
}
