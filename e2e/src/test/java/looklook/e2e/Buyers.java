package looklook.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * Users who keep booking and paying in the background while a test breaks things. A purchase whose
 * booking or prepay fails (a server is down) is dropped, as a user would give up; one that WeChat
 * accepted is remembered, because the platform owes it a paid order and two messages.
 */
final class Buyers implements AutoCloseable {
    private final MiniProgram app;
    private final List<MiniProgram.User> users;
    private final List<MiniProgram.Booking> paid = new CopyOnWriteArrayList<>();
    private final List<String> gaveUp = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    private Buyers(MiniProgram app, List<MiniProgram.User> users) {
        this.app = app;
        this.users = users;
    }

    /** {@code threads} buyers taking turns among {@code users}, one purchase each {@code pause} apart. */
    static Buyers start(MiniProgram app, List<MiniProgram.User> users, int threads, Duration pause) {
        Buyers b = new Buyers(app, users);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> b.buy(pause), "buyer-" + i);
            b.threads.add(t);
            t.start();
        }
        return b;
    }

    private void buy(Duration pause) {
        while (!stop) {
            MiniProgram.User u = users.get(Math.floorMod(turn.getAndIncrement(), users.size()));
            try {
                MiniProgram.Booking b = app.bookAndPrepay(u);
                var r = app.pay(b);
                if (r.status() == 200) {
                    paid.add(b);
                } else {
                    gaveUp.add("pay: " + r.status() + " " + r.body());
                }
            } catch (Exception e) {
                gaveUp.add(e.toString());
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until {@code more} further purchases were paid, so that each fault meets traffic. */
    void awaitMorePaid(int more) {
        int target = paid.size() + more;
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> paid.size() >= target);
    }

    /** Purchases WeChat took money for. */
    List<MiniProgram.Booking> paid() {
        return List.copyOf(paid);
    }

    /** Why purchases were abandoned before WeChat took money (servers down at that moment). */
    List<String> gaveUp() {
        return List.copyOf(gaveUp);
    }

    /** Stops buying; waits for the purchases in progress. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
