package looklook.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.BiPredicate;

/** Prepay, pay in the WeChat simulator as the user would, then poll until the server says paid. */
final class PaySteps {
    private final Api payment;
    private final Api wechat;
    private final OrderSteps.Printer out;
    private final BiPredicate<String, Api.Reply> fail;

    PaySteps(Api payment, Api wechat, OrderSteps.Printer out, BiPredicate<String, Api.Reply> fail) {
        this.payment = payment;
        this.wechat = wechat;
        this.out = out;
        this.fail = fail;
    }

    boolean run(String token, String orderSn, String openid) throws Exception {
        Api.Reply prepay = payment.post("/payment/v1/thirdPayment/thirdPaymentWxPay",
                Map.of("orderSn", orderSn, "serviceType", "homestayOrder"), token);
        if (!prepay.ok()) {
            return fail.test("prepay", prepay);
        }
        JsonNode p = prepay.data();
        out.print("prepay", "POST .../thirdPaymentWxPay -> " + p.path("package").asText() + ", paySign "
                + p.path("paySign").asText().substring(0, 12) + "...", prepay.micros());

        // what wx.requestPayment hands WeChat: the same fields, WeChat's spelling
        long t0 = System.nanoTime();
        JsonNode paid = wechat.postRaw("/sim/v1/pay", Map.of("appId", p.path("appid").asText(),
                "timeStamp", p.path("timestamp").asText(), "nonceStr", p.path("nonceStr").asText(),
                "package", p.path("package").asText(), "signType", p.path("signType").asText(),
                "paySign", p.path("paySign").asText()));
        out.print("pay", "WeChat (simulator) -> " + paid.path("trade_state").asText() + ", transaction "
                + paid.path("transaction_id").asText(), (System.nanoTime() - t0) / 1000);

        // the front end never trusts wx.requestPayment's result: it asks the server until paid
        Api.Reply status = null;
        for (int i = 0; i < 100; i++) {
            status = payment.post("/payment/v1/thirdPayment/thirdPaymentWxPayStatus", Map.of("orderSn", orderSn), token);
            if (status.ok() && status.data().path("payStatus").asInt() == 1) {
                break;
            }
            Thread.sleep(100);
        }
        if (status == null || !status.ok() || status.data().path("payStatus").asInt() != 1) {
            return fail.test("poll until paid", status);
        }
        out.print("paid", "POST .../thirdPaymentWxPayStatus -> payStatus 1 (the notify was verified and applied)",
                (System.nanoTime() - t0) / 1000);

        // the asynchronous half: pay event -> order-mq -> order paid -> job -> mqueue-job -> message-mq -> WeChat
        for (int i = 0; i < 150 && status.data().path("orderTradeState").asInt() != 1; i++) {
            Thread.sleep(100);
            status = payment.post("/payment/v1/thirdPayment/thirdPaymentWxPayStatus", Map.of("orderSn", orderSn), token);
        }
        if (status.data().path("orderTradeState").asInt() != 1) {
            return fail.test("order paid (order-mq)", status);
        }
        out.print("order paid", "orderTradeState 1: order-mq consumed the pay event", (System.nanoTime() - t0) / 1000);
        JsonNode inbox = null;
        for (int i = 0; i < 150; i++) {
            inbox = wechat.getRaw("/sim/v1/inbox?openid=" + openid);
            if (inbox.path("messages").size() >= 2) {
                break;
            }
            Thread.sleep(100);
        }
        if (inbox == null || inbox.path("messages").size() != 2) {
            System.out.println("    user messages: expected 2 in the WeChat inbox, found "
                    + (inbox == null ? 0 : inbox.path("messages").size()));
            return false;
        }
        for (JsonNode m : inbox.path("messages")) {
            out.print("user message", "WeChat subscribe message " + m.path("template_id").asText() + " "
                    + m.path("data").toString(), (System.nanoTime() - t0) / 1000);
        }
        return refund(token, orderSn);
    }

    /** The user changes plans: a full refund, done when WeChat's refund notify comes back. */
    private boolean refund(String token, String orderSn) throws Exception {
        long t0 = System.nanoTime();
        Api.Reply r = payment.post("/payment/v1/thirdPayment/thirdPaymentWxRefund",
                Map.of("orderSn", orderSn, "reason", "plans changed"), token);
        if (!r.ok()) {
            return fail.test("refund", r);
        }
        out.print("refund", "POST .../thirdPaymentWxRefund -> " + r.data().path("refundSn").asText() + ", "
                + r.data().path("refundAmount").asLong() / 100 + " yuan, status " + r.data().path("refundStatus").asInt()
                + " (processing)", r.micros());
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
        out.print("refunded", "WeChat's REFUND.SUCCESS -> payStatus 2, orderTradeState 3 (refunded)", (System.nanoTime() - t0) / 1000);
        return true;
    }
}
