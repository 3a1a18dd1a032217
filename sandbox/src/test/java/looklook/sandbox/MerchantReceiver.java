package looklook.sandbox;

import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import io.javalin.Javalin;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import looklook.pkg.wechat.WxPayClients;

/**
 * A merchant's notify endpoint for tests: parses every notify with the SDK's NotificationParser
 * and answers with the next scripted status (204 once the script is used up), as a real
 * merchant would after handling it.
 */
final class MerchantReceiver implements AutoCloseable {
    /** One received notify: the parsed payload, or why parsing failed. */
    record Received(String eventType, Transaction transaction, RefundNotification refund, Exception rejected, int answered) {
    }

    private final Javalin app;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile WxPayClients pay;
    private volatile long answerDelayMs;

    MerchantReceiver() {
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
        });
        app.post("/notify", ctx -> {
            String body = ctx.body();
            String event = body.contains("REFUND.") ? "REFUND" : "TRANSACTION";
            Received r;
            try {
                if (event.equals("REFUND")) {
                    r = new Received(event, null, pay.parseNotify(ctx::header, body, RefundNotification.class), null, 0);
                } else {
                    r = new Received(event, pay.parseNotify(ctx::header, body, Transaction.class), null, null, 0);
                }
            } catch (RuntimeException e) {
                received.add(new Received(event, null, null, e, 401));
                ctx.status(401).json(Map.of("code", "FAIL", "message", "bad signature"));
                return;
            }
            int status;
            synchronized (script) {
                status = script.isEmpty() ? 204 : script.poll();
            }
            if (answerDelayMs > 0) {
                Thread.sleep(answerDelayMs);
            }
            received.add(new Received(r.eventType(), r.transaction(), r.refund(), null, status));
            ctx.status(status);
            if (status >= 300) {
                ctx.json(Map.of("code", "FAIL", "message", "scripted failure"));
            }
        });
        app.start("127.0.0.1", 0);
    }

    String url() {
        return "http://127.0.0.1:" + app.port() + "/notify";
    }

    /** The SDK clients parsing notifies (set once the fixture built them). */
    void use(WxPayClients pay) {
        this.pay = pay;
    }

    /** The next answers, in order; afterwards 204. */
    void answer(Integer... statuses) {
        synchronized (script) {
            script.clear();
            script.addAll(List.of(statuses));
        }
    }

    /** Sleep before answering (a merchant slower than WeChat's timeout). */
    void answerAfter(long ms) {
        this.answerDelayMs = ms;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Notifies received for {@code outTradeNo} that parsed into a Transaction. */
    List<Received> transactionsFor(String outTradeNo) {
        return received.stream().filter(r -> r.transaction() != null && outTradeNo.equals(r.transaction().getOutTradeNo())).toList();
    }

    void reset() {
        received.clear();
        answer();
        answerDelayMs = 0;
    }

    @Override
    public void close() {
        app.stop();
    }
}
