package looklook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.RawHttp;
import org.assertj.core.api.SoftAssertions;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP route of usercenter-api, order-api and payment-api fed what an attacker sends: malformed
 * JSON, wrong types, missing and extra fields, huge strings and numbers, negative and overflowing
 * values, control characters, bad tokens, a chunked 10 MiB body and a body that never ends. Each
 * answer is a 4xx in the envelope (WeChat's FAIL body on its callbacks) without a stack trace or a
 * Java name; no table changes; every process keeps answering.
 *
 * <p>Cases are generated from {@link #ROUTES}: a route is one line, a base body that is well-typed
 * yet refused (an unknown order, a taken mobile), and every case adds one more defect to it, so a
 * case that slipped through would show as a 2xx rather than pass unnoticed.
 */
class HostileInputIT extends MeshTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String NO_ORDER = "HSO" + "0".repeat(22);
    /** A mobile registered before the suite: register and login bodies built on it are refused. */
    private static String takenMobile;
    private static String token;

    private static final String ALIPAY = "alipay";

    /** One route: its process, path, whether it needs a token, and a well-typed body it refuses. */
    record Route(String api, String path, boolean auth, boolean callback, boolean tokenless, Map<String, Object> base) {
        static Route json(String api, String path, boolean auth, Map<String, Object> base) {
            return new Route(api, path, auth, false, false, base);
        }

        /** A JWT route probed without a token (401 before its body is read), where the suite's token would change state. */
        static Route withoutToken(String api, String path, Map<String, Object> base) {
            return new Route(api, path, false, false, true, base);
        }

        static Route callback(String path) {
            return new Route("payment-api", path, false, true, false, Map.of());
        }

        /** Alipay's notify: refused with the body {@code failure} Alipay expects (its only word for "retry"). */
        static Route alipayCallback(String path) {
            return new Route("payment-api", path, false, true, false, Map.of(ALIPAY, true));
        }

        /** True for Alipay's notify route, which answers Alipay's text rather than JSON. */
        boolean alipay() {
            return base.containsKey(ALIPAY);
        }

        /** What a body too large for any route gets here: 413, or 401 where the token is refused first. */
        int tooLargeStatus() {
            return tokenless ? 401 : 413;
        }
    }

    /** Every route; the base is filled where it needs the suite's own data ({@code takenMobile}). */
    private static List<Route> routes() {
        String uc = "/usercenter/v1/user/";
        String order = "/order/v1/";
        String pay = "/payment/v1/thirdPayment/";
        return List.of(
                Route.json("usercenter-api", uc + "register", false, ordered("mobile", takenMobile, "password", "hostile-pass",
                        "smsCode", "000000")),
                Route.json("usercenter-api", uc + "login", false, ordered("mobile", takenMobile, "password", "not-the-password")),
                Route.json("usercenter-api", uc + "wxMiniAuth", false, ordered("code", "no-such-code", "iv", "AAAA", "encryptedData", "AAAA")),
                Route.json("usercenter-api", uc + "detail", true, Map.of()),
                Route.json("order-api", order + "homestayOrder/createHomestayOrder", true, ordered("homestayId", 987_654_321L,
                        "liveStartTime", 1_767_225_600L, "liveEndTime", 1_767_398_400L, "livePeopleNum", 2L)),
                Route.json("order-api", order + "homestayOrder/userHomestayOrderList", true, ordered("pageSize", 0L)),
                Route.json("order-api", order + "homestayOrder/userHomestayOrderDetail", true, ordered("sn", NO_ORDER)),
                Route.json("order-api", order + "homestay/homestayList", false, ordered("pageSize", 0L)),
                Route.json("order-api", order + "homestay/homestayDetail", false, ordered("id", 987_654_321L)),
                Route.json("payment-api", pay + "thirdPaymentWxPay", true, ordered("orderSn", NO_ORDER, "serviceType", "homestayOrder")),
                Route.json("payment-api", pay + "thirdPaymentWxPayStatus", true, ordered("orderSn", NO_ORDER)),
                Route.json("payment-api", pay + "thirdPaymentWxNativePay", true, ordered("orderSn", NO_ORDER, "serviceType", "homestayOrder")),
                Route.json("payment-api", pay + "thirdPaymentStatus", true, ordered("orderSn", NO_ORDER)),
                Route.json("payment-api", pay + "thirdPaymentWxRefund", true, ordered("orderSn", NO_ORDER)),
                Route.json("usercenter-api", uc + "sendSmsCode", false, ordered("mobile", "1380000000")), // 10 digits
                Route.json("usercenter-api", uc + "resetPassword", false, ordered("mobile", takenMobile, "smsCode", "000000",
                        "password", "hostile-pass-2")),
                Route.json("usercenter-api", uc + "refreshToken", false, ordered("refreshToken", "not-a-refresh-token")),
                // with the suite's token, logout would end the session the other routes use
                Route.withoutToken("usercenter-api", uc + "logout", ordered("refreshToken", "not-a-refresh-token")),
                Route.callback(pay + "thirdPaymentWxPayCallback"),
                Route.callback(pay + "thirdPaymentWxRefundCallback"),
                Route.alipayCallback(pay + "thirdPaymentAlipayCallback"),
                Route.json("payment-api", pay + "thirdPaymentAlipayPay", true, ordered("orderSn", NO_ORDER, "serviceType", "homestayOrder")),
                Route.json("order-api", order + "homestayOrder/checkIn", true, ordered("sn", NO_ORDER, "tradeCode", "ABCD1234")),
                Route.json("payment-api", pay + "thirdPaymentRefundQuote", true, ordered("orderSn", NO_ORDER)));
    }

    /** One request: a name for the report, the body, and the Authorization header (null for none). */
    record Case(Route route, String name, String body, String authorization) {
    }

    /** A value written into the body as is: numbers that no Java type holds. */
    record Raw(String json) implements com.fasterxml.jackson.databind.JsonSerializable {
        @Override
        public void serialize(com.fasterxml.jackson.core.JsonGenerator gen, com.fasterxml.jackson.databind.SerializerProvider p)
                throws java.io.IOException {
            gen.writeRawValue(json);
        }

        @Override
        public void serializeWithType(com.fasterxml.jackson.core.JsonGenerator gen, com.fasterxml.jackson.databind.SerializerProvider p,
                                      com.fasterxml.jackson.databind.jsontype.TypeSerializer t) throws java.io.IOException {
            serialize(gen, p);
        }

        @Override
        public String toString() {
            return json;
        }
    }

    private static final String CONTROL = "\u0000\u0007\u001b[31m\r\n\t\u2028\ufeff\ud83d\ude00";
    private static final List<Object> BAD_NUMBERS = List.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE,
            new java.math.BigInteger("99999999999999999999999"), new java.math.BigDecimal("1e400"),
            new Raw("1e99999999999"), new Raw("-0"), new Raw("1" + "0".repeat(5_000)), 1.5, "7", true,
            List.of(1), Map.of("n", 1), "x".repeat(100_000), CONTROL);
    private static final List<Object> BAD_STRINGS = List.of(12345L, -1L, true, List.of("a"), Map.of("s", "t"),
            "", " ", "x".repeat(100_000), "9".repeat(5_000), CONTROL, "'; DROP TABLE user; --", "<script>alert(1)</script>",
            "../../etc/passwd", "%00%0d%0a", "\\u0000", "\ud800 lone surrogate");
    private static final List<String> MALFORMED = List.of("{", "{\"a\":", "not json", "{\"a\":1,}", "{\"a\":1} trailing",
            "{'a':1}", "{\"a\":NaN}", "\u0000", "[", "{{}}", "{\"a\":tru}", "{\"a\":\"unterminated}",
            "{".repeat(10_000) + "}".repeat(10_000));
    private static final List<String> NOT_OBJECTS = List.of("[]", "null", "\"text\"", "42", "true", "[{}]");

    @BeforeAll
    static void start() throws Exception {
        startMesh(new TestMesh.Options(900, 60, 120));
        takenMobile = "136" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String openid = "oHostile" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        JsonNode wx = Http.postRaw(mesh.sim.port(), "/sim/v1/miniprogram/login", JSON.writeValueAsString(
                Map.of("openid", openid, "phone", takenMobile)));
        Http.Reply auth = Http.post(mesh.port("usercenter-api"), "/usercenter/v1/user/wxMiniAuth", JSON.writeValueAsString(Map.of(
                "code", wx.path("code").asText(), "iv", wx.path("iv").asText(), "encryptedData", wx.path("encryptedData").asText())), null);
        assertThat(auth.code()).as(auth.body().toString()).isEqualTo(200);
        token = auth.data().path("accessToken").asText();
    }

    @Test
    void everyRoute_refusesHostileInputCleanly_andNothingChanges() throws Exception {
        Map<String, Long> before = rowCounts();
        String userRowBefore = takenUserRow();
        List<Case> cases = new ArrayList<>();
        routes().forEach(r -> cases.addAll(r.callback() ? callbackCases(r) : jsonCases(r)));

        SoftAssertions soft = new SoftAssertions();
        long t0 = System.nanoTime();
        for (Case c : cases) {
            HttpResponse<String> r = send(c);
            checkAnswer(soft, c.route(), c.name(), r.statusCode(), r.body());
        }
        int streamed = 0;
        for (Route route : routes()) {
            RawHttp.Answer big = RawHttp.chunked(mesh.port(route.api()), route.path(), route.auth() ? token : null, 10 << 20, 15_000);
            streamed++;
            soft.assertThat(big.status()).as("%s chunked 10 MiB: %s", route.path(), big).isEqualTo(route.tooLargeStatus());
            soft.assertThat(big.body()).as("%s chunked 10 MiB", route.path())
                    .contains(route.tokenless() ? "\"code\":100003" : "\"code\":100008");
        }
        // the never-ending bodies run side by side: each must end at its server's ReadTimeout, not hold on
        List<CompletableFuture<RawHttp.Answer>> trickles = new ArrayList<>();
        for (Route route : routes()) {
            trickles.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return RawHttp.trickle(mesh.port(route.api()), route.path(), route.auth() ? token : null, 500, 25_000);
                } catch (java.io.IOException e) {
                    return new RawHttp.Answer(-1, e.toString(), 25_000);
                }
            }));
        }
        for (int i = 0; i < trickles.size(); i++) {
            RawHttp.Answer a = trickles.get(i).join();
            streamed++;
            String path = routes().get(i).path();
            boolean refusedFirst = routes().get(i).tokenless() && a.status() == 401;
            soft.assertThat(a.closed() || a.status() == 408 || refusedFirst).as("%s never-ending body: %s", path, a).isTrue();
            soft.assertThat(a.millis()).as("%s never-ending body ended after", path).isLessThan(20_000);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
        System.out.printf("HostileInputIT: %d cases tried (%d requests over %d routes, %d streamed bodies) in %d s%n",
                cases.size() + streamed, cases.size(), routes().size(), streamed, seconds);

        // nothing changed, and every process still answers a well-formed request
        soft.assertThat(rowCounts()).as("row counts").isEqualTo(before);
        soft.assertThat(takenUserRow()).as("the taken mobile's user row").isEqualTo(userRowBefore);
        soft.assertThat(send(new Case(routes().get(7), "healthy", "{\"pageSize\":1}", null)).statusCode()).isEqualTo(200);
        soft.assertThat(send(new Case(routes().get(3), "healthy", "{}", "Bearer " + token)).statusCode()).isEqualTo(200);
        soft.assertThat(send(new Case(routes().get(10), "healthy", "{\"orderSn\":\"" + NO_ORDER + "\"}", "Bearer " + token))
                .statusCode()).isEqualTo(400);
        soft.assertAll();
    }

    /** Body-level cases for every JSON route, then one defect per field, then token cases. */
    private static List<Case> jsonCases(Route r) {
        String auth = r.auth() ? "Bearer " + token : null;
        List<Case> out = new ArrayList<>();
        MALFORMED.forEach(b -> out.add(new Case(r, "malformed " + abbreviate(b), b, auth)));
        NOT_OBJECTS.forEach(b -> out.add(new Case(r, "not an object " + b, b, auth)));
        if (!r.base().isEmpty()) {
            out.add(new Case(r, "empty body", "", auth));
            out.add(new Case(r, "empty object", "{}", auth));
            out.add(new Case(r, "base with extra fields", write(with(r.base(), Map.of("admin", true, "userId", 1, "__proto__", Map.of()))), auth));
            out.add(new Case(r, "duplicate keys", write(r.base()).replaceFirst("\\{", "{" + write(r.base()).substring(1, write(r.base()).length() - 1) + ","), auth));
            for (String field : r.base().keySet()) {
                Map<String, Object> missing = new LinkedHashMap<>(r.base());
                missing.remove(field);
                out.add(new Case(r, "missing " + field + " plus an extra field", write(with(missing, Map.of("extra", "x".repeat(1000)))), auth));
                out.add(new Case(r, field + " null", write(with(r.base(), nullOf(field))), auth));
                List<Object> bad = r.base().get(field) instanceof String ? BAD_STRINGS : BAD_NUMBERS;
                for (Object v : bad) {
                    out.add(new Case(r, field + " = " + abbreviate(String.valueOf(v)), write(with(r.base(), Map.of(field, v))), auth));
                }
            }
        }
        if (r.auth()) {
            String body = write(r.base());
            out.add(new Case(r, "no token", body, null));
            out.add(new Case(r, "garbage token", body, "Bearer " + CONTROL.replaceAll("[\\r\\n\\u0000\\u0007\\u001b\\u2028\\ufeff\\ud83d\\ude00]", "x")));
            out.add(new Case(r, "token with alg none", body, "Bearer eyJhbGciOiJub25lIn0.eyJqd3RVc2VySWQiOjF9."));
            out.add(new Case(r, "huge token", body, "Bearer " + "a".repeat(20_000)));
        }
        return out;
    }

    /** WeChat's callbacks: unsigned, forged and malformed notifies. */
    private static List<Case> callbackCases(Route r) {
        List<Case> out = new ArrayList<>();
        MALFORMED.forEach(b -> out.add(new Case(r, "malformed " + abbreviate(b), b, null)));
        NOT_OBJECTS.forEach(b -> out.add(new Case(r, "not an object " + b, b, null)));
        out.add(new Case(r, "empty", "", null));
        out.add(new Case(r, "unsigned notify", "{\"id\":\"EV-1\",\"event_type\":\"TRANSACTION.SUCCESS\",\"resource\":{\"algorithm\":"
                + "\"AEAD_AES_256_GCM\",\"ciphertext\":\"" + "A".repeat(4000) + "\",\"associated_data\":\"transaction\",\"nonce\":\"abc\"}}", null));
        out.add(new Case(r, "control characters", "{\"id\":\"" + CONTROL.replace("\"", "") + "\"}", null));
        out.add(new Case(r, "just under the 64 KiB limit", "{\"id\":\"" + "x".repeat(60_000) + "\"}", null));
        return out;
    }

    private static void checkAnswer(SoftAssertions soft, Route route, String name, int status, String body) {
        String what = route.path() + " " + name;
        if (route.alipay()) {
            // Alipay reads only the body: anything but "success" is a refusal it retries, then gives up
            soft.assertThat(body).as("%s: Alipay's refusal (status %s)", what, status).isEqualTo("failure");
            return;
        }
        soft.assertThat(status).as("%s: status (body %s)", what, abbreviate(body)).isBetween(400, 499);
        soft.assertThat(body).as("%s: no internals", what)
                .doesNotContainPattern("(?i)exception|\\bat [a-z]+\\.|java\\.|jackson|org\\.eclipse|jetty|javalin|looklook\\.");
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (java.io.IOException e) {
            soft.fail("%s: not JSON: %s", what, abbreviate(body));
            return;
        }
        boolean envelope = json != null && json.path("code").isInt() && json.path("msg").isTextual() && json.size() == 2;
        boolean wechat = route.callback() && json != null && "FAIL".equals(json.path("code").asText())
                && json.path("message").isTextual();
        soft.assertThat(envelope || wechat).as("%s: envelope, got %s", what, abbreviate(body)).isTrue();
    }

    private static HttpResponse<String> send(Case c) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mesh.port(c.route().api()) + c.route().path()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(c.body()));
        if (c.authorization() != null) {
            b.header("Authorization", c.authorization());
        }
        HttpRequest request = b.build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // the client reused a pooled connection the server had just closed (after refusing the
            // previous case): no byte of an answer came back, so send once more on a fresh connection;
            // a server that is really gone fails again, and the health checks at the end say so
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                throw e;
            }
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> n = new LinkedHashMap<>();
        count(n, "usercenter-rpc", "user", "user_auth");
        count(n, "order-rpc", "homestay_order", "outbox");
        count(n, "payment-rpc", "third_payment", "third_refund", "outbox");
        return n;
    }

    private static void count(Map<String, Long> into, String module, String... tables) {
        MysqlDsn dsn = mesh.database(module);
        Jdbi db = Jdbi.create(dsn.jdbcUrl(), dsn.user(), dsn.password());
        for (String t : tables) {
            into.put(module + "." + t, db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM `" + t + "`").mapTo(Long.class).one()));
        }
    }

    private static String takenUserRow() {
        MysqlDsn dsn = mesh.database("usercenter-rpc");
        return Jdbi.create(dsn.jdbcUrl(), dsn.user(), dsn.password()).withHandle(h -> h.createQuery("SELECT * FROM user WHERE mobile = ?")
                .bind(0, takenMobile).mapToMap().one().toString());
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> changes) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.putAll(changes);
        return m;
    }

    private static Map<String, Object> nullOf(String field) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(field, null);
        return m;
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        String cut = s.length() <= 60 ? s : s.substring(0, 60) + "...(" + s.length() + ")";
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
