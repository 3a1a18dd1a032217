package looklook.demo;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./mesh demo}: plays the mini program against the running mesh and prints each step with
 * its timing. Exits non-zero when a step does not answer as the platform promises.
 */
public final class DemoMain {
    private static final Pattern SMS_CODE = Pattern.compile("\\b(\\d{6})\\b");
    private final Api usercenter;
    private final Api order;
    private final Api payment;
    private final Api wechat;
    private final Summary summary = new Summary();
    private int step;
    private String openid;
    private String wxPhone;
    private String wxToken;

    private DemoMain(String host) {
        this.usercenter = new Api("http://" + host + ":1004");
        this.order = new Api("http://" + host + ":1001");
        this.payment = new Api("http://" + host + ":1002");
        this.wechat = new Api("http://" + host + ":8090");
    }

    /**
     * Args: the host the mesh runs on (default 127.0.0.1), with the ports of the README, and the
     * CloseOrderDelay order-rpc runs with, in seconds (default 20, what {@code ./mesh demo} starts it with).
     */
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        DemoMain demo = new DemoMain(args.length > 0 ? args[0] : "127.0.0.1");
        long closeDelay = args.length > 1 ? Long.parseLong(args[1]) : 20;
        boolean ok = demo.play(closeDelay);
        if (ok) {
            demo.summary.print(demo.step, (System.nanoTime() - t0) / 1_000_000);
        }
        System.exit(ok ? 0 : 1);
    }

    /**
     * The steps in the order: the landlord's login (first, see {@link CheckInSteps}), purchase, messages,
     * the unpaid order closing, a stay checked in, the refund quote and refund, then the SMS sign-up and sessions.
     */
    private boolean play(long closeDelay) throws Exception {
        CheckInSteps checkIn = new CheckInSteps(usercenter, order, payment, wechat, this::print, this::fail, summary);
        if (!checkIn.logIn()) {
            return false;
        }
        String token = wxLogin();
        if (token == null) {
            return false;
        }
        OrderSteps orders = new OrderSteps(order, this::print, this::fail);
        OrderSteps.Booked paid = orders.run(token);
        if (paid == null) {
            return false;
        }
        summary.paid(paid.sn(), paid.detail().path("orderTotalPrice").asLong());
        CloseSteps unpaid = new CloseSteps(orders, payment, wechat, this::print, this::fail, summary, closeDelay);
        PaySteps pay = new PaySteps(payment, wechat, this::print, this::fail, summary);
        return unpaid.book(token)
                && pay.run(token, paid.sn(), openid)
                && unpaid.close(token)
                && checkIn.run(orders, pay, token, openid)
                && new RefundSteps(payment, this::print, this::fail, summary).run(token, paid.sn())
                && passwordUser();
    }

    /**
     * The mini program's way in: wx.login + a tap on the getPhoneNumber button in the simulator, then
     * wxMiniAuth with the login code and the button's one-time phoneCode; returns the token.
     */
    private String wxLogin() throws Exception {
        openid = "oDemo" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String phone = "138" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        wxPhone = phone;
        System.out.println("looklook demo: a WeChat user, openid " + openid + ", phone " + phone);
        long userId = 0;
        String token = null;
        for (String round : new String[] {"wx login", "wx login again"}) {
            var wx = wechat.postRaw("/sim/v1/miniprogram/login", Map.of("openid", openid, "phone", phone));
            Api.Reply auth = usercenter.post("/usercenter/v1/user/wxMiniAuth", Map.of("code", wx.path("code").asText(),
                    "phoneCode", wx.path("phoneCode").asText()), null);
            if (!auth.ok()) {
                fail(round, auth);
                return null;
            }
            token = auth.data().path("accessToken").asText();
            Api.Reply me = usercenter.post("/usercenter/v1/user/detail", Map.of(), token);
            long id = me.data().path("userInfo").path("id").asLong();
            if (userId != 0 && id != userId) {
                fail(round + " (expected the same user " + userId + ")", me);
                return null;
            }
            userId = id;
            summary.user(id, me.data().path("userInfo").path("mobile").asText(), openid);
            print(round, "POST /usercenter/v1/user/wxMiniAuth -> user " + id + ", mobile "
                    + me.data().path("userInfo").path("mobile").asText(), auth.micros());
        }
        wxToken = token;
        return token;
    }

    /**
     * A user who signs up with a mobile and password instead of WeChat: a code texted to the phone
     * (read from the sandbox's SMS inbox, as the user would read the phone), register, the refusals
     * around it, then the session: refresh, logout, and a password reset by SMS that ends every session.
     */
    private boolean passwordUser() throws Exception {
        String mobile = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String password = "demo-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        System.out.println("looklook demo: a mini program user, " + mobile);

        String code = smsCode("sms code", mobile);
        if (code == null) {
            return false;
        }
        Api.Reply reg = usercenter.post("/usercenter/v1/user/register",
                Map.of("mobile", mobile, "password", password, "smsCode", code), null);
        if (!show("register", "POST /usercenter/v1/user/register {mobile, password, smsCode}", reg,
                "accessExpire " + reg.data().path("accessExpire").asLong() + ", refreshToken "
                        + abbreviate(reg.data().path("refreshToken").asText()))) {
            return false;
        }
        Api.Reply again = usercenter.post("/usercenter/v1/user/register",
                Map.of("mobile", mobile, "password", password, "smsCode", code), null);
        if (!expect("code used again", again, 110008)) {
            return false;
        }
        Map<String, String> creds = Map.of("mobile", mobile, "password", password);
        Api.Reply login = usercenter.post("/usercenter/v1/user/login", creds, null);
        String token = login.data().path("accessToken").asText();
        if (!show("login", "POST /usercenter/v1/user/login", login, "token " + abbreviate(token))) {
            return false;
        }
        Api.Reply wrong = usercenter.post("/usercenter/v1/user/login", Map.of("mobile", mobile, "password", "wrong-password"), null);
        if (!expect("wrong password", wrong, 110002)) {
            return false;
        }
        Api.Reply detail = usercenter.post("/usercenter/v1/user/detail", Map.of(), token);
        if (!show("detail", "POST /usercenter/v1/user/detail", detail, detail.data().path("userInfo").toString())) {
            return false;
        }
        Api.Reply noToken = usercenter.post("/usercenter/v1/user/detail", Map.of(), null);
        if (noToken.status() != 401) {
            return fail("detail without a token", noToken);
        }
        print("no token", "HTTP 401 code " + noToken.code() + " \"" + noToken.msg() + "\"", noToken.micros());
        return sessions(mobile, login) && resetPassword();
    }

    /** Refresh rotates the pair; the spent refresh token is refused; logout kills the access token at once. */
    private boolean sessions(String mobile, Api.Reply login) throws Exception {
        String refresh = login.data().path("refreshToken").asText();
        Api.Reply next = usercenter.post("/usercenter/v1/user/refreshToken", Map.of("refreshToken", refresh), null);
        if (!show("refresh", "POST /usercenter/v1/user/refreshToken -> a new pair", next,
                "token " + abbreviate(next.data().path("accessToken").asText()))) {
            return false;
        }
        String token = next.data().path("accessToken").asText();
        Api.Reply logout = usercenter.post("/usercenter/v1/user/logout",
                Map.of("refreshToken", next.data().path("refreshToken").asText()), token);
        if (!show("logout", "POST /usercenter/v1/user/logout", logout, "session ended")) {
            return false;
        }
        Api.Reply after = usercenter.post("/usercenter/v1/user/detail", Map.of(), token);
        if (after.status() != 401) {
            return fail("token after logout", after);
        }
        print("after logout", "detail with that token: HTTP 401 code " + after.code(), after.micros());
        return true;
    }

    /**
     * The WeChat user from the start sets a password by SMS code: the reset ends every session of
     * the account, so the token wxMiniAuth gave is refused from now on.
     */
    private boolean resetPassword() throws Exception {
        String mobile = wxPhone;
        String firstToken = wxToken;
        System.out.println("looklook demo: the WeChat user (" + mobile + ") sets a password by SMS");
        String code = smsCode("sms code", mobile);
        if (code == null) {
            return false;
        }
        Api.Reply reset = usercenter.post("/usercenter/v1/user/resetPassword",
                Map.of("mobile", mobile, "smsCode", code, "password", "demo-new-password"), null);
        if (!show("reset password", "POST /usercenter/v1/user/resetPassword {mobile, smsCode, password}", reset,
                "every session ended")) {
            return false;
        }
        Api.Reply old = usercenter.post("/usercenter/v1/user/detail", Map.of(), firstToken);
        if (old.status() != 401) {
            return fail("token after reset", old);
        }
        print("after reset", "detail with the wxMiniAuth token: HTTP 401 code " + old.code(), old.micros());
        Api.Reply login = usercenter.post("/usercenter/v1/user/login", Map.of("mobile", mobile, "password", "demo-new-password"), null);
        if (!show("password login", "POST /usercenter/v1/user/login with the new password", login, "same user, a new session")) {
            return false;
        }
        System.out.println("demo ok: " + step + " steps");
        return true;
    }

    /** sendSmsCode, then the code from the newest text in the sandbox inbox ({@code GET /sim/v1/sms?mobile=}). */
    private String smsCode(String name, String mobile) throws Exception {
        Api.Reply sent = usercenter.post("/usercenter/v1/user/sendSmsCode", Map.of("mobile", mobile), null);
        if (!sent.ok()) {
            fail(name, sent);
            return null;
        }
        var texts = wechat.getRaw("/sim/v1/sms?mobile=" + mobile);
        String text = texts.isArray() && !texts.isEmpty() ? texts.get(texts.size() - 1).path("text").asText() : "";
        Matcher m = SMS_CODE.matcher(text);
        if (!m.find()) {
            System.out.printf("%2d. %-16s FAILED: no code in the sandbox inbox for %s: %s%n", ++step, name, mobile, texts);
            return null;
        }
        print(name, "POST /usercenter/v1/user/sendSmsCode, the phone shows \"" + abbreviate(text, 60) + "\"", sent.micros());
        return m.group(1);
    }

    private boolean show(String name, String call, Api.Reply r, String result) {
        if (!r.ok()) {
            return fail(name, r);
        }
        print(name, call + " -> " + result, r.micros());
        return true;
    }

    private boolean expect(String name, Api.Reply r, int code) {
        if (r.status() != 400 || r.code() != code) {
            return fail(name + " (expected code " + code + ")", r);
        }
        print(name, "refused: code " + r.code() + " \"" + r.msg() + "\"", r.micros());
        return true;
    }

    boolean fail(String name, Api.Reply r) {
        System.out.printf("%2d. %-16s FAILED: HTTP %d code %d %s%n", ++step, name, r.status(), r.code(), r.msg());
        return false;
    }

    void print(String name, String what, long micros) {
        System.out.printf("%2d. %-16s %-90s %7.1f ms%n", ++step, name, what, micros / 1000.0);
    }

    private static String abbreviate(String s) {
        return abbreviate(s, 24);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
