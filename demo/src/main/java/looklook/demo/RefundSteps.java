package looklook.demo;

import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The user changes plans: the refund quote, then the cancellation, which refunds what the policy gives
 * (the order checks in tomorrow: half, the rest is the fee), done when WeChat's refund notify comes back.
 */
final class RefundSteps {
    private final Api payment;
    private final OrderSteps.Printer out;
    private final BiPredicate<String, Api.Reply> fail;
    private final Summary summary;

    RefundSteps(Api payment, OrderSteps.Printer out, BiPredicate<String, Api.Reply> fail, Summary summary) {
        this.payment = payment;
        this.out = out;
        this.fail = fail;
        this.summary = summary;
    }

    /** True once the server says refunded: payStatus 2 and the order's trade state 3. */
    boolean run(String token, String orderSn) throws Exception {
        // what cancelling would give back now: the cancellation policy against the check-in date
        Api.Reply q = payment.post("/payment/v1/thirdPayment/thirdPaymentRefundQuote", Map.of("orderSn", orderSn), token);
        if (!q.ok()) {
            return fail.test("refund quote", q);
        }
        long refundable = q.data().path("refundable").asLong();
        long fee = q.data().path("fee").asLong();
        String rule = q.data().path("rule").asText();
        out.print("refund quote", "POST .../thirdPaymentRefundQuote -> refundable " + OrderSteps.yuan(refundable) + ", fee "
                + OrderSteps.yuan(fee) + ": \"" + rule + "\"", q.micros());
        summary.quote(refundable, fee, rule);
        long t0 = System.nanoTime();
        Api.Reply r = payment.post("/payment/v1/thirdPayment/thirdPaymentWxRefund",
                Map.of("orderSn", orderSn, "reason", "plans changed"), token);
        if (!r.ok()) {
            return fail.test("refund", r);
        }
        String refundSn = r.data().path("refundSn").asText();
        long amount = r.data().path("refundAmount").asLong();
        out.print("cancel", "POST .../thirdPaymentWxRefund -> " + refundSn + ", " + OrderSteps.yuan(amount) + " back, fee "
                + OrderSteps.yuan(r.data().path("fee").asLong()) + ", status " + r.data().path("refundStatus").asInt()
                + " (processing); the order is refunding (5)", r.micros());
        if (amount != refundable) {
            return fail.test("cancel refunds the quote", r);
        }
        Api.Reply status = null;
        for (int i = 0; i < 150; i++) {
            status = payment.post("/payment/v1/thirdPayment/thirdPaymentWxPayStatus", Map.of("orderSn", orderSn), token);
            if (status.data().path("payStatus").asInt() == 2 && status.data().path("orderTradeState").asInt() == 3) {
                break;
            }
            Thread.sleep(100);
        }
        if (status == null || status.data().path("orderTradeState").asInt() != 3) {
            return fail.test("refunded", status);
        }
        out.print("refunded", "WeChat's REFUND.SUCCESS -> payStatus 2, orderTradeState 3 (refunded, "
                + OrderSteps.yuan(amount) + " back)", (System.nanoTime() - t0) / 1000);
        summary.refund(refundSn, amount);
        return true;
    }
}
