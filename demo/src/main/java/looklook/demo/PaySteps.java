package looklook.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** Prepay, pay in the WeChat simulator as the user would, then poll until the server says paid. */
final class PaySteps {
    private final Api payment;
    private final Api wechat;
    private final OrderSteps.Printer out;
    private final BiPredicate<String, Api.Reply> fail;
    private final Summary summary;

    PaySteps(Api payment, Api wechat, OrderSteps.Printer out, BiPredicate<String, Api.Reply> fail, Summary summary) {
        this.payment = payment;
        this.wechat = wechat;
        this.out = out;
        this.fail = fail;
        this.summary = summary;
    }

    /**
     * looklook's two subscribe-message templates, as the mini program's code names them: the ids
     * mqueue-job sends and the simulator knows (etc/*.yaml, the same variables and defaults).
     */
    static final List<String> TEMPLATES = List.of(
            System.getenv().getOrDefault("LOOKLOOK_WX_TPL_ORDER_PAID", "tpl-order-pay-success"),
            System.getenv().getOrDefault("LOOKLOOK_WX_TPL_CHECK_IN", "tpl-order-check-in"));

    /** True once the order is paid and both subscribe messages are in the user's WeChat inbox. */
    boolean run(String token, String orderSn, String openid) throws Exception {
        // messages of the user's earlier orders are in the inbox already: this order's come after them
        int before = wechat.getRaw("/sim/v1/inbox?openid=" + openid).path("messages").size();
        // the tap on "pay" first asks for the two messages (wx.requestSubscribeMessage): without an
        // acceptance WeChat refuses to deliver them (43101)
        long ts = System.nanoTime();
        Api.Raw accepted = wechat.send("/sim/v1/miniprogram/subscribe", Map.of("openid", openid, "templateIds", TEMPLATES));
        if (accepted.status() != 200) {
            return fail.test("accept messages", new Api.Reply(accepted.status(), 0, accepted.body().toString(), accepted.body(), 0));
        }
        out.print("accept messages", "wx.requestSubscribeMessage -> " + accepted.body(), (System.nanoTime() - ts) / 1000);

        Api.Reply prepay = payment.post("/payment/v1/thirdPayment/thirdPaymentWxPay",
                Map.of("orderSn", orderSn, "serviceType", "homestayOrder"), token);
        if (!prepay.ok()) {
            return fail.test("prepay", prepay);
        }
        JsonNode p = prepay.data();
        out.print("prepay", "POST .../thirdPaymentWxPay -> " + p.path("package").asText() + ", paySign "
                + p.path("paySign").asText().substring(0, 12) + "...", prepay.micros());

        long t0 = System.nanoTime();
        JsonNode paid = wechat.postRaw("/sim/v1/pay", requestPayment(p));
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
            if (inbox.path("messages").size() >= before + 2) {
                break;
            }
            Thread.sleep(100);
        }
        int arrived = inbox == null ? 0 : inbox.path("messages").size() - before;
        if (arrived != 2) {
            System.out.println("    user messages: expected 2 new in the WeChat inbox, found " + arrived);
            return false;
        }
        for (int i = before; i < before + arrived; i++) {
            JsonNode m = inbox.path("messages").get(i);
            out.print("user message", "WeChat subscribe message " + m.path("template_id").asText() + " "
                    + m.path("data").toString(), (System.nanoTime() - t0) / 1000);
        }
        summary.messages(arrived);
        return true;
    }

    /** What wx.requestPayment hands WeChat for a prepay answer: the same fields, WeChat's spelling. */
    static Map<String, String> requestPayment(JsonNode prepay) {
        return Map.of("appId", prepay.path("appid").asText(), "timeStamp", prepay.path("timestamp").asText(),
                "nonceStr", prepay.path("nonceStr").asText(), "package", prepay.path("package").asText(),
                "signType", prepay.path("signType").asText(), "paySign", prepay.path("paySign").asText());
    }
}
