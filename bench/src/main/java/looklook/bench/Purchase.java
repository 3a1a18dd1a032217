package looklook.bench;

import java.time.Duration;
import java.util.Map;

/**
 * The whole purchase as a mini program drives it: accept the two subscribe messages, create the
 * order, prepay, pay in the WeChat simulator, poll the status until the server has applied WeChat's notify. Each virtual user
 * logs in through WeChat once, before the measured window.
 */
final class Purchase {
    private Purchase() {
    }

    static Load.Result run(String host, int vus, Duration warmup, Duration measure) throws Exception {
        String base = "http://" + host;
        return Load.run("purchase", vus, warmup, measure, vu -> {
            Scenarios.WxUser user = Scenarios.newWxUser(base);
            String token = user.token();
            return () -> {
                Scenarios.acceptMessages(base, user.openid());
                Scenarios.Prepaid p = Scenarios.bookAndPrepay(base, token);
                String sn = p.orderSn();
                Scenarios.payInWeChat(base, p.prepay());
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (Http.post(base + ":1002/payment/v1/thirdPayment/thirdPaymentWxPayStatus", Map.of("orderSn", sn), token)
                        .path("payStatus").asInt() != 1) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("order " + sn + " not paid after 10 s");
                    }
                    Thread.sleep(20);
                }
            };
        });
    }
}
