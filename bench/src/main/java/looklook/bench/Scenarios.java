package looklook.bench;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.JobServer;
import looklook.pkg.jobq.Redis;
import looklook.pkg.jobq.TaskSpec;
import redis.clients.jedis.JedisPooled;

/** The mesh's own scenarios, against the processes ./mesh up started. */
final class Scenarios {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Pattern SMS_CODE = Pattern.compile("\\b(\\d{6})\\b");

    private Scenarios() {
    }

    /**
     * A logged-in mini-program user (registered outside the measured window) through the SMS
     * sign-up: a code to the phone, read from the sandbox's inbox, then register with it.
     */
    static String newUser(String host) throws Exception {
        String mobile = "13" + (5 + ThreadLocalRandom.current().nextInt(5))
                + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Http.post("http://" + host + ":1004/usercenter/v1/user/sendSmsCode", Map.of("mobile", mobile), null);
        JsonNode texts = Http.get("http://" + host + ":8090/sim/v1/sms?mobile=" + mobile);
        Matcher code = SMS_CODE.matcher(texts.path(texts.size() - 1).path("text").asText());
        if (!code.find()) {
            throw new IllegalStateException("no SMS code for " + mobile + " in the sandbox inbox: " + texts);
        }
        return Http.post("http://" + host + ":1004/usercenter/v1/user/register",
                Map.of("mobile", mobile, "password", "bench-password", "smsCode", code.group(1)), null).path("accessToken").asText();
    }

    /** A WeChat user of the mini program: the openid WeChat knows it by, and its looklook token. */
    record WxUser(String openid, String token) {
    }

    /** A WeChat user with a phone, logged in through wxMiniAuth with the getPhoneNumber button's code (payment needs the openid). */
    static WxUser newWxUser(String base) throws Exception {
        return newWxUser(base, "oBench" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** As {@link #newWxUser(String)}, with a chosen openid (to find the user's WeChat inbox). */
    static WxUser newWxUser(String base, String openid) throws Exception {
        String phone = "13" + (5 + ThreadLocalRandom.current().nextInt(5))
                + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        var wx = Http.raw(base + ":8090/sim/v1/miniprogram/login", Map.of("openid", openid, "phone", phone), null);
        return new WxUser(openid, Http.post(base + ":1004/usercenter/v1/user/wxMiniAuth", Map.of("code", wx.path("code").asText(),
                "phoneCode", wx.path("phoneCode").asText()), null)
                .path("accessToken").asText());
    }

    /**
     * looklook's two subscribe-message templates (the ids mqueue-job sends and the simulator knows,
     * etc/*.yaml: the same variables and defaults).
     */
    static final List<String> TEMPLATES = List.of(
            System.getenv().getOrDefault("LOOKLOOK_WX_TPL_ORDER_PAID", "tpl-order-pay-success"),
            System.getenv().getOrDefault("LOOKLOOK_WX_TPL_CHECK_IN", "tpl-order-check-in"));

    /**
     * The user accepts the two subscribe messages (wx.requestSubscribeMessage), as a mini program asks
     * on the tap on "pay": each acceptance lets WeChat deliver one message of each, none without.
     */
    static void acceptMessages(String base, String openid) throws Exception {
        Http.raw(base + ":8090/sim/v1/miniprogram/subscribe", Map.of("openid", openid, "templateIds", TEMPLATES), null);
    }

    /** A create-order request for a stay from tomorrow, 2 nights, on one of the seeded homes. */
    static Map<String, Object> orderRequest() {
        LocalDate in = LocalDate.now(SHANGHAI).plusDays(1 + ThreadLocalRandom.current().nextInt(30));
        return Map.of("homestayId", 1 + ThreadLocalRandom.current().nextInt(4), "isFood", true,
                "liveStartTime", in.atStartOfDay(SHANGHAI).toEpochSecond(),
                "liveEndTime", in.plusDays(2).atStartOfDay(SHANGHAI).toEpochSecond(), "livePeopleNum", 2);
    }

    /** A booked order and what wx.requestPayment gets for it. */
    record Prepaid(String orderSn, JsonNode prepay) {
    }

    /** Books a stay for {@code token}'s user and prepays it. */
    static Prepaid bookAndPrepay(String base, String token) throws Exception {
        String sn = Http.post(base + ":1001/order/v1/homestayOrder/createHomestayOrder", orderRequest(), token)
                .path("orderSn").asText();
        return new Prepaid(sn, Http.post(base + ":1002/payment/v1/thirdPayment/thirdPaymentWxPay",
                Map.of("orderSn", sn, "serviceType", "homestayOrder"), token));
    }

    /** The user confirms in WeChat (the simulator): the prepay fields, in WeChat's spelling. */
    static void payInWeChat(String base, JsonNode prepay) throws Exception {
        Http.raw(base + ":8090/sim/v1/pay", Map.of("appId", prepay.path("appid").asText(),
                "timeStamp", prepay.path("timestamp").asText(), "nonceStr", prepay.path("nonceStr").asText(),
                "package", prepay.path("package").asText(), "signType", prepay.path("signType").asText(),
                "paySign", prepay.path("paySign").asText()), null);
    }

    /** Virtual users creating orders through order-api (JWT, gRPC to order-rpc, one DB transaction with its outbox row). */
    static Load.Result createOrder(String host, int vus, Duration warmup, Duration measure) throws Exception {
        String url = "http://" + host + ":1001/order/v1/homestayOrder/createHomestayOrder";
        return Load.run("order-create", vus, warmup, measure, vu -> {
            String token = newUser(host);
            return () -> Http.post(url, orderRequest(), token);
        });
    }

    /**
     * Delayed jobs on the mesh's Redis (a namespace of the bench's own): tasks due 1 s after they
     * are enqueued, at a fixed rate, run by one job server; prints how late each started.
     */
    static Load.Result jobLateness(Map<String, String> env, int perSecond, Duration measure) throws Exception {
        String ns = "bench:{" + UUID.randomUUID() + "}";
        Map<String, Long> late = new ConcurrentHashMap<>();
        try (JedisPooled redis = Redis.client(new RedisConf("127.0.0.1:" + env.getOrDefault("LOOKLOOK_REDIS_PORT", "16379"),
                env.get("LOOKLOOK_REDIS_PASSWORD")))) {
            JobClient client = new JobClient(redis, ns);
            JobServer server = new JobServer(redis, ns, JobServer.Options.defaults(4),
                    Map.of("bench:delayed", t -> late.put(t.id(), System.currentTimeMillis() - t.processAt().toEpochMilli())),
                    new SimpleMeterRegistry()).start();
            try {
                long total = perSecond * measure.toSeconds();
                long gapNanos = 1_000_000_000L / perSecond;
                long t0 = System.nanoTime();
                for (long i = 0; i < total; i++) {
                    while (System.nanoTime() < t0 + i * gapNanos) {
                        Thread.onSpinWait();
                    }
                    client.enqueue(TaskSpec.of("bench:delayed", "d-" + i, "{}").at(Instant.now().plusSeconds(1)));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (late.size() < total && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                long[] nanos = late.values().stream().mapToLong(ms -> Math.max(0, ms) * 1_000_000).toArray();
                return Load.report("job-lateness", nanos, measure.toSeconds(), total - late.size(), List.of());
            } finally {
                server.close(Duration.ofSeconds(2));
                redis.del(ns + ":scheduled", ns + ":retry", ns + ":lease", ns + ":archived");
            }
        }
    }
}
