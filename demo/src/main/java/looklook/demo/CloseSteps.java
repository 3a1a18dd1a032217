package looklook.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * An order the user books and prepays but never pays: order-rpc's close job, due
 * {@code CloseOrderDelay} seconds after the order, closes its payment at WeChat and cancels it.
 * It is booked early so that the delay runs while the purchase plays.
 */
final class CloseSteps {
    private static final long SLACK_SECONDS = 30;
    private final OrderSteps orders;
    private final Api payment;
    private final Api wechat;
    private final OrderSteps.Printer out;
    private final BiPredicate<String, Api.Reply> fail;
    private final Summary summary;
    private final long delaySeconds;
    private String orderSn;
    private String paymentSn;
    private JsonNode prepay;
    private long placedAt;

    CloseSteps(OrderSteps orders, Api payment, Api wechat, OrderSteps.Printer out, BiPredicate<String, Api.Reply> fail,
               Summary summary, long delaySeconds) {
        this.orders = orders;
        this.payment = payment;
        this.wechat = wechat;
        this.out = out;
        this.fail = fail;
        this.summary = summary;
        this.delaySeconds = delaySeconds;
    }

    /** Books and prepays the order that is never paid, so WeChat holds a payment waiting for it. */
    boolean book(String token) throws Exception {
        placedAt = System.nanoTime();
        OrderSteps.Booked b = orders.book(token, "unpaid order", OrderSteps.today().plusDays(7), 1, 1, false);
        if (b == null) {
            return false;
        }
        orderSn = b.sn();
        out.print("unpaid order", "POST .../createHomestayOrder -> " + orderSn + ": 1 night x 1 person = "
                + OrderSteps.yuan(b.detail().path("orderTotalPrice").asLong()) + ", never paid: closes after "
                + delaySeconds + " s", b.micros());
        Api.Reply r = payment.post("/payment/v1/thirdPayment/thirdPaymentWxPay",
                Map.of("orderSn", orderSn, "serviceType", "homestayOrder"), token);
        if (!r.ok()) {
            return fail.test("prepay unpaid", r);
        }
        prepay = r.data();
        // the mini program never learns the payment sn (WeChat's out_trade_no): find it by the prepay id
        String prepayId = prepay.path("package").asText().replace("prepay_id=", "");
        for (JsonNode t : wechat.getRaw("/sim/v1/ledger").path("transactions")) {
            if (prepayId.equals(t.path("prepay_id").asText())) {
                paymentSn = t.path("out_trade_no").asText();
            }
        }
        if (paymentSn == null) {
            return fail.test("prepay unpaid (no " + prepayId + " in WeChat's ledger)", r);
        }
        out.print("prepay unpaid", "POST .../thirdPaymentWxPay -> " + prepay.path("package").asText()
                + ": WeChat holds payment " + paymentSn + " NOTPAY", r.micros());
        return true;
    }

    /** Waits (bounded) until the close job has run, then shows WeChat's side: closed, and refusing a late payment. */
    boolean close(String token) throws Exception {
        long deadline = placedAt + (delaySeconds + SLACK_SECONDS) * 1_000_000_000L;
        long dueIn = Math.max(0, placedAt + delaySeconds * 1_000_000_000L - System.nanoTime()) / 1_000_000;
        System.out.println("    waiting for order-rpc's close job on " + orderSn + " (due in " + Summary.seconds(dueIn) + ") ...");
        Api.Reply detail = orders.detail(token, orderSn);
        while (detail.ok() && detail.data().path("tradeState").asInt() != -1 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            detail = orders.detail(token, orderSn);
        }
        long closedAfter = (System.nanoTime() - placedAt) / 1000;
        if (!detail.ok() || detail.data().path("tradeState").asInt() != -1) {
            return fail.test("order closed (tradeState " + detail.data().path("tradeState").asInt() + " after "
                    + (delaySeconds + SLACK_SECONDS) + " s)", detail);
        }
        Api.Reply status = payment.post("/payment/v1/thirdPayment/thirdPaymentWxPayStatus", Map.of("orderSn", orderSn), token);
        if (!status.ok() || status.data().path("payStatus").asInt() != 3) {
            return fail.test("order closed (expected payStatus 3)", status);
        }
        out.print("order closed", "close job: payment closed at WeChat, payStatus 3 (closed), tradeState -1 (cancelled), "
                + Summary.seconds(closedAfter / 1000) + " after the order", closedAfter);
        summary.closed(orderSn, paymentSn, closedAfter / 1000);
        return ledgerSaysClosed() && latePayRefused();
    }

    private boolean ledgerSaysClosed() throws Exception {
        long t0 = System.nanoTime();
        JsonNode txns = wechat.getRaw("/sim/v1/ledger?out_trade_no=" + paymentSn).path("transactions");
        String state = txns.path(0).path("trade_state").asText();
        if (!"CLOSED".equals(state)) {
            return fail.test("WeChat ledger", new Api.Reply(200, 0, "trade_state " + state + " (expected CLOSED)", txns, 0));
        }
        out.print("WeChat ledger", "GET /sim/v1/ledger?out_trade_no=" + paymentSn + " -> trade_state CLOSED",
                (System.nanoTime() - t0) / 1000);
        return true;
    }

    /** The user taps pay on the stale prepay: WeChat must refuse, or money would arrive for a cancelled order. */
    private boolean latePayRefused() throws Exception {
        long t0 = System.nanoTime();
        Api.Raw r = wechat.send("/sim/v1/pay", PaySteps.requestPayment(prepay));
        String code = r.body().path("code").asText();
        if (r.status() != 400 || !"ORDER_CLOSED".equals(code)) {
            return fail.test("pay too late", new Api.Reply(r.status(), 0, r.body() + " (expected 400 ORDER_CLOSED)", r.body(), 0));
        }
        out.print("pay too late", "POST /sim/v1/pay -> refused: HTTP 400 " + code + " \"" + r.body().path("message").asText()
                + "\"", (System.nanoTime() - t0) / 1000);
        return true;
    }
}
