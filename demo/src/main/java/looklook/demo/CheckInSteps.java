package looklook.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * A stay from today, checked in by the landlord with the code the guest got in the check-in message.
 * The seeded homes belong to users 1..3 and no API makes a landlord, so the demo's landlord is a
 * WeChat account that is the same on every run: logged in before anyone else, it is user 1 (owner
 * of homes 1 and 2) on a fresh database, and stays so on every later run. On a database that had
 * users before, it owns nothing and the check-in is skipped, saying why.
 */
final class CheckInSteps {
    private static final String LANDLORD_OPENID = "oDemoLandlord";
    private static final String LANDLORD_PHONE = "13000000001";
    private static final String CHECK_IN = "/order/v1/homestayOrder/checkIn";
    private final Api usercenter;
    private final Api order;
    private final Api payment;
    private final Api wechat;
    private final OrderSteps.Printer out;
    private final BiPredicate<String, Api.Reply> fail;
    private final Summary summary;
    private final List<JsonNode> homes = new ArrayList<>();
    private long landlordId;
    private String landlordToken;

    CheckInSteps(Api usercenter, Api order, Api payment, Api wechat, OrderSteps.Printer out,
                 BiPredicate<String, Api.Reply> fail, Summary summary) {
        this.usercenter = usercenter;
        this.order = order;
        this.payment = payment;
        this.wechat = wechat;
        this.out = out;
        this.fail = fail;
        this.summary = summary;
    }

    /** The landlord's WeChat login, first of all (so that a fresh database makes it user 1), and the homes it owns. */
    boolean logIn() throws Exception {
        System.out.println("looklook demo: the landlord, WeChat openid " + LANDLORD_OPENID + " (the same account every run)");
        JsonNode wx = wechat.postRaw("/sim/v1/miniprogram/login", Map.of("openid", LANDLORD_OPENID, "phone", LANDLORD_PHONE));
        Api.Reply auth = usercenter.post("/usercenter/v1/user/wxMiniAuth", Map.of("code", wx.path("code").asText(),
                "phoneCode", wx.path("phoneCode").asText()), null);
        if (!auth.ok()) {
            return fail.test("landlord login", auth);
        }
        landlordToken = auth.data().path("accessToken").asText();
        Api.Reply me = usercenter.post("/usercenter/v1/user/detail", Map.of(), landlordToken);
        if (!me.ok()) {
            return fail.test("landlord login", me);
        }
        landlordId = me.data().path("userInfo").path("id").asLong();
        // one page holds the whole seeded catalog (at most 100 a page)
        Api.Reply list = order.post("/order/v1/homestay/homestayList", Map.of("pageSize", 100), null);
        if (!list.ok()) {
            return fail.test("landlord login", list);
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode h : list.data().path("list")) {
            if (h.path("userId").asLong() == landlordId) {
                homes.add(h);
                ids.add(h.path("id").asLong());
            }
        }
        out.print("landlord login", "POST /usercenter/v1/user/wxMiniAuth as " + LANDLORD_OPENID + " -> user " + landlordId
                + (ids.isEmpty() ? ", owns no home on sale" : ", owns homes " + ids), auth.micros() + me.micros() + list.micros());
        return true;
    }

    /**
     * The guest books tonight at the landlord's home and pays; the guest's own check-in and a wrong code
     * are refused; the landlord's check-in with the right code makes the order used, which the guest can
     * no longer cancel. Check-in is refused before the check-in date, hence a stay from today.
     */
    boolean run(OrderSteps orders, PaySteps pay, String guestToken, String guestOpenid) throws Exception {
        if (homes.isEmpty()) {
            String why = "the landlord account is user " + landlordId + " and the seeded homes belong to users 1..3: "
                    + "this database had users before the demo first ran (a fresh one makes the landlord user 1)";
            System.out.println("    check-in skipped: " + why);
            summary.checkIn("skipped: landlord is user " + landlordId + ", owner of no home");
            return true;
        }
        JsonNode home = homes.get(0);
        System.out.println("looklook demo: the user stays tonight at \"" + home.path("title").asText()
                + "\"; its landlord, user " + landlordId + ", checks them in");
        OrderSteps.Booked b = orders.book(guestToken, "stay tonight", home.path("id").asLong(), OrderSteps.today(), 1, 1, false);
        if (b == null) {
            return false;
        }
        String sn = b.sn();
        out.print("stay tonight", "POST .../createHomestayOrder -> " + sn + ": 1 night from today " + OrderSteps.today() + " = "
                + OrderSteps.yuan(b.detail().path("orderTotalPrice").asLong()) + ", landlord user "
                + b.detail().path("homestayUserId").asLong(), b.micros());
        if (!pay.run(guestToken, sn, guestOpenid)) {
            return false;
        }
        String code = codeFromMessage(guestOpenid);
        if (code == null) {
            return fail.test("check-in code", new Api.Reply(200, 0, "no check-in message with a code in the inbox", null, 0));
        }
        Map<String, String> right = Map.of("sn", sn, "tradeCode", code);
        if (!expect("guest checks in", "the guest, with code " + code, order.post(CHECK_IN, right, guestToken), 120003)) {
            return false;
        }
        String wrong = "00000000".equals(code) ? "11111111" : "00000000";
        if (!expect("wrong code", "the landlord, with code " + wrong, order.post(CHECK_IN, Map.of("sn", sn, "tradeCode", wrong),
                landlordToken), 120006)) {
            return false;
        }
        Api.Reply in = order.post(CHECK_IN, right, landlordToken);
        if (!in.ok() || in.data().path("tradeState").asInt() != 2) {
            return fail.test("check-in (expected tradeState 2)", in);
        }
        out.print("check-in", "POST " + CHECK_IN + " {sn, tradeCode " + code + "} as the landlord -> tradeState 2 (used)",
                in.micros());
        summary.checkIn(sn + " checked in by landlord user " + landlordId + " with code " + code);
        return usedOrderKeepsItsMoney(guestToken, sn);
    }

    /** A used order quotes nothing and the guest's refund is refused: the stay was had. */
    private boolean usedOrderKeepsItsMoney(String guestToken, String sn) throws Exception {
        Api.Reply q = payment.post("/payment/v1/thirdPayment/thirdPaymentRefundQuote", Map.of("orderSn", sn), guestToken);
        if (!q.ok() || q.data().path("refundable").asLong() != 0) {
            return fail.test("quote when used (expected refundable 0)", q);
        }
        out.print("quote when used", "POST .../thirdPaymentRefundQuote -> refundable 0: \"" + q.data().path("rule").asText()
                + "\"", q.micros());
        Api.Reply r = payment.post("/payment/v1/thirdPayment/thirdPaymentWxRefund", Map.of("orderSn", sn), guestToken);
        return expect("refund when used", "the guest", r, 130008);
    }

    /** The code of the newest check-in message in the guest's WeChat inbox (newest last), as the guest reads it. */
    private String codeFromMessage(String openid) throws Exception {
        String code = null;
        for (JsonNode m : wechat.getRaw("/sim/v1/inbox?openid=" + openid).path("messages")) {
            if (PaySteps.TEMPLATES.get(1).equals(m.path("template_id").asText())) {
                code = m.path("data").path("character_string4").path("value").asText(null);
            }
        }
        return code;
    }

    private boolean expect(String name, String who, Api.Reply r, int code) {
        if (r.status() != 400 || r.code() != code) {
            return fail.test(name + " (expected code " + code + ")", r);
        }
        out.print(name, who + ": refused, code " + r.code() + " \"" + r.msg() + "\"", r.micros());
        return true;
    }
}
