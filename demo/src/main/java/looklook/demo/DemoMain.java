package looklook.demo;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ./mesh demo}: plays the mini program against the running mesh and prints each step with
 * its timing. Exits non-zero when a step does not answer as the platform promises.
 */
public final class DemoMain {
    private final Api usercenter;
    private final Api order;
    private final Api payment;
    private final Api wechat;
    private final Summary summary = new Summary();
    private int step;
    private String openid;

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

    /** The steps in the order: purchase, messages, the unpaid order closing, refund, then password login. */
    private boolean play(long closeDelay) throws Exception {
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
        return unpaid.book(token)
                && new PaySteps(payment, wechat, this::print, this::fail, summary).run(token, paid.sn(), openid)
                && unpaid.close(token)
                && new RefundSteps(payment, this::print, this::fail, summary).run(token, paid.sn())
                && passwordUser();
    }

    /** The mini program's way in: wx.login + wx.getPhoneNumber in the simulator, then wxMiniAuth; returns the token. */
    private String wxLogin() throws Exception {
        openid = "oDemo" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String phone = "138" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        System.out.println("looklook demo: a WeChat user, openid " + openid + ", phone " + phone);
        long userId = 0;
        String token = null;
        for (String round : new String[] {"wx login", "wx login again"}) {
            var wx = wechat.postRaw("/sim/v1/miniprogram/login", Map.of("openid", openid, "phone", phone));
            Api.Reply auth = usercenter.post("/usercenter/v1/user/wxMiniAuth", Map.of("code", wx.path("code").asText(),
                    "iv", wx.path("iv").asText(), "encryptedData", wx.path("encryptedData").asText()), null);
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
        return token;
    }

    /** A user who registers with a mobile and password instead of WeChat, and the refusals around it. */
    private boolean passwordUser() throws Exception {
        String mobile = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String password = "demo-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Map<String, String> creds = Map.of("mobile", mobile, "password", password);
        System.out.println("looklook demo: a mini program user, " + mobile);

        Api.Reply reg = usercenter.post("/usercenter/v1/user/register", creds, null);
        if (!show("register", "POST /usercenter/v1/user/register", reg, "accessExpire " + reg.data().path("accessExpire").asLong())) {
            return false;
        }
        Api.Reply again = usercenter.post("/usercenter/v1/user/register", creds, null);
        if (!expect("register again", again, 110001)) {
            return false;
        }
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
        System.out.println("demo ok: " + step + " steps");
        return true;
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
        return s.length() <= 24 ? s : s.substring(0, 24) + "...";
    }
}
