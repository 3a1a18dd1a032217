package looklook.bench;

import java.time.Duration;
import java.util.Map;

/**
 * The whole purchase as a mini program drives it: accept the two subscribe messages, create the
 * order, prepay, pay in the WeChat simulator, poll the status every {@link #POLL_MS} until the server
 * has applied WeChat's notify. Each virtual user logs in through WeChat once, before the measured window.
 */
final class Purchase {
    /**
     * How often the user's page asks whether the order is paid. The checkout page asks every 2 s; a
     * bench that asked every few milliseconds would measure its own polls more than the purchase.
     */
    static final long POLL_MS = 100;

    private Purchase() {
    }

    static Load.Result run(String name, String host, int vus, Duration warmup, Duration measure) throws Exception {
        String base = "http://" + host;
        return Load.run(name, vus, warmup, measure, vu -> {
            Scenarios.WxUser user = Scenarios.newWxUser(base);
            String token = user.token();
            return () -> {
                Scenarios.acceptMessages(base, user.openid());
                Scenarios.Prepaid p = Scenarios.bookAndPrepay(base, token);
                String sn = p.orderSn();
                Scenarios.payInWeChat(base, p.prepay());
                Thread.sleep(POLL_MS);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (Http.post(base + ":1002/payment/v1/thirdPayment/thirdPaymentWxPayStatus", Map.of("orderSn", sn), token)
                        .path("payStatus").asInt() != 1) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("order " + sn + " not paid after 10 s");
                    }
                    Thread.sleep(POLL_MS);
                }
            };
        });
    }
}
