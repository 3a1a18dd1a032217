package looklook.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.SmsInbox;
import looklook.pkg.testing.SandboxProcess;

/** What the mini program and its user do, over the HTTP APIs and the simulator's user side only. */
final class MiniProgram {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String PAY = "/payment/v1/thirdPayment/";

    /** A logged-in WeChat user. */
    record User(String openid, String token) {
    }

    /** An order waiting for payment and what {@code wx.requestPayment} got for it. */
    record Booking(User user, String orderSn, JsonNode prepay) {
        String prepayId() {
            return prepay.path("package").asText().substring("prepay_id=".length());
        }
    }

    private final TestMesh mesh;

    MiniProgram(TestMesh mesh) {
        this.mesh = mesh;
    }

    /** wx.login + the getPhoneNumber button in the simulator, then wxMiniAuth (the first login registers). */
    User login() throws IOException, InterruptedException {
        String openid = "oE2e" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String phone = "135" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Http.Reply auth = ok(wxMiniAuth(openid, phone));
        return new User(openid, auth.data().path("accessToken").asText());
    }

    /** A mobile + password user: a code to the phone (read from the sandbox's SMS inbox), then register. */
    User signUp(String mobile, String password) throws IOException, InterruptedException {
        ok(Http.post(mesh.port("usercenter-api"), "/usercenter/v1/user/sendSmsCode", json(Map.of("mobile", mobile)), null));
        String code = SmsInbox.lastCode(mesh.sim.port(), mobile);
        Http.Reply reg = ok(Http.post(mesh.port("usercenter-api"), "/usercenter/v1/user/register",
                json(Map.of("mobile", mobile, "password", password, "smsCode", code)), null));
        return new User(null, reg.data().path("accessToken").asText());
    }

    /**
     * wx.login + the getPhoneNumber button with a chosen phone, then wxMiniAuth with the login code
     * and the button's phoneCode, as a current mini program sends them; the raw answer (a refusal is
     * an answer). HostileInputIT logs in with the deprecated iv + encryptedData.
     */
    Http.Reply wxMiniAuth(String openid, String phone) throws IOException, InterruptedException {
        JsonNode wx = Http.postRaw(mesh.sim.port(), "/sim/v1/miniprogram/login", json(Map.of("openid", openid, "phone", phone)));
        return Http.post(mesh.port("usercenter-api"), "/usercenter/v1/user/wxMiniAuth", json(Map.of(
                "code", wx.path("code").asText(), "phoneCode", wx.path("phoneCode").asText())), null);
    }

    /** The caller's user id, as usercenter-api's detail tells it. */
    long userId(String token) throws IOException, InterruptedException {
        return ok(Http.post(mesh.port("usercenter-api"), "/usercenter/v1/user/detail", "{}", token)).data()
                .path("userInfo").path("id").asLong();
    }

    /**
     * Books home 1 for two nights from tomorrow, two people with food, and prepays it. As the tap on
     * "pay" of a real mini program, it first asks the user to accept looklook's two subscribe
     * messages (wx.requestSubscribeMessage, accepted): without that WeChat refuses to deliver them.
     */
    Booking bookAndPrepay(User u) throws IOException, InterruptedException {
        String sn = book(u);
        return new Booking(u, sn, ok(prepay(u, sn)).data());
    }

    /** Books home 1 for two nights from tomorrow, two people with food (the subscribe messages accepted); the order sn. */
    String book(User u) throws IOException, InterruptedException {
        if (u.openid() != null) {
            SandboxProcess.acceptTemplates(mesh.sim.port(), u.openid(), SandboxProcess.LOOKLOOK_TEMPLATES);
        }
        LocalDate in = LocalDate.now(SHANGHAI).plusDays(1);
        Http.Reply created = ok(Http.post(mesh.port("order-api"), "/order/v1/homestayOrder/createHomestayOrder", json(Map.of(
                "homestayId", 1, "isFood", true, "liveStartTime", seconds(in), "liveEndTime", seconds(in.plusDays(2)),
                "livePeopleNum", 2, "remark", "e2e")), u.token()));
        return created.data().path("orderSn").asText();
    }

    /** The JSAPI prepay of the user's order, answered as it came (a refusal is a 400 with its code). */
    Http.Reply prepay(User u, String orderSn) throws IOException, InterruptedException {
        return Http.post(mesh.port("payment-api"), PAY + "thirdPaymentWxPay",
                json(Map.of("orderSn", orderSn, "serviceType", "homestayOrder")), u.token());
    }

    /** The user confirms in WeChat: the simulator's answer (200 with the transaction, or 400 ORDER_CLOSED...). */
    Http.Reply pay(Booking b) throws IOException, InterruptedException {
        JsonNode p = b.prepay();
        return Http.postWithHeaders(mesh.sim.port(), "/sim/v1/pay", json(Map.of("appId", p.path("appid").asText(),
                "timeStamp", p.path("timestamp").asText(), "nonceStr", p.path("nonceStr").asText(),
                "package", p.path("package").asText(), "signType", p.path("signType").asText(),
                "paySign", p.path("paySign").asText())), Map.of("Content-Type", "application/json"));
    }

    /** The order as its owner sees it in order-api ({@code tradeState}, prices...). */
    JsonNode order(Booking b) throws IOException, InterruptedException {
        return ok(Http.post(mesh.port("order-api"), "/order/v1/homestayOrder/userHomestayOrderDetail",
                json(Map.of("sn", b.orderSn())), b.user().token())).data();
    }

    /** The guest cancels: {@code thirdPaymentWxRefund}, answered as it came (a refusal is a 400 with its code). */
    Http.Reply cancel(Booking b) throws IOException, InterruptedException {
        return Http.post(mesh.port("payment-api"), PAY + "thirdPaymentWxRefund", json(Map.of("orderSn", b.orderSn(),
                "reason", "plans changed")), b.user().token());
    }

    /** What the front end polls: {@code payStatus} and {@code orderTradeState}. */
    JsonNode payStatus(Booking b) throws IOException, InterruptedException {
        return ok(Http.post(mesh.port("payment-api"), PAY + "thirdPaymentWxPayStatus", json(Map.of("orderSn", b.orderSn())),
                b.user().token())).data();
    }

    private static Http.Reply ok(Http.Reply r) throws IOException {
        if (r.status() != 200 || r.code() != 200) {
            throw new IOException("HTTP " + r.status() + ": " + r.body());
        }
        return r;
    }

    private static String json(Object o) throws IOException {
        return JSON.writeValueAsString(o);
    }

    private static long seconds(LocalDate d) {
        return d.atStartOfDay(SHANGHAI).toEpochSecond();
    }
}
