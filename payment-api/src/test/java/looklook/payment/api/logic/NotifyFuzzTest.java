package looklook.payment.api.logic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import looklook.payment.api.config.PaymentApiConfig;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.alipay.AlipayConf;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.rest.RestServer.RawReply;
import looklook.pkg.wechat.WxPayConf;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the notify path as WeChat's callbacks run it (both logic classes, the real SDK verifying
 * with a platform key made here): any headers and body end in a 4xx with the one fixed answer, or,
 * for a notify that truly verified, in what handling it may give (204, or a 500 because payment-rpc is
 * not there: the one dependency failure allowed); never an exception. Seeds:
 * {@code fuzz/notify-seeds.jsonl}; genuine notifies signed here are mutated for the rest, and refund
 * resources are made field by field to fuzz how the refund callback reads them.
 */
class NotifyFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MCH_ID = "1900000109";
    private static final String APP_ID = "wx8888888888888888";
    private static final String KEY_ID = "PUB_KEY_ID_0119000001092025010100000000000001";
    private static final String API_V3_KEY = "0123456789abcdef0123456789abcdef";
    private static final List<String> HEADER_NAMES = List.of("Wechatpay-Serial", "Wechatpay-Signature", "Wechatpay-Timestamp",
            "Wechatpay-Nonce", "Wechatpay-Signature-Type", "Content-Type");
    private static Path keys;
    private static KeyPair platform;
    private static ServiceContext svc;

    /** One notify on the wire, for one of the two callbacks. */
    record Notify(boolean refund, Map<String, String> headers, String body) {
        UnaryOperator<String> header() {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            return h::get;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        keys = Files.createTempDirectory("notify-fuzz");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        platform = g.generateKeyPair();
        KeyPair merchant = g.generateKeyPair();
        Files.writeString(keys.resolve("apiclient_key.pem"), pem("PRIVATE KEY", merchant.getPrivate().getEncoded()));
        Files.writeString(keys.resolve("pub_key.pem"), pem("PUBLIC KEY", platform.getPublic().getEncoded()));
        WxPayConf wx = new WxPayConf(MCH_ID, "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", keys.resolve("apiclient_key.pem").toString(),
                KEY_ID, keys.resolve("pub_key.pem").toString(), API_V3_KEY, "http://127.0.0.1:1/notify", null,
                "http://127.0.0.1:1", APP_ID, 1_000L);
        // nothing listens on port 1: every call to payment-rpc is the dependency failure a notify may meet
        RpcClientConf nowhere = RpcClientConf.direct(List.of("127.0.0.1:1"));
        svc = new ServiceContext(new PaymentApiConfig("payment-api", "127.0.0.1", 0, null, null, null, null,
                new DevServerConf("127.0.0.1", 0), JwtAuthConf.of("0123456789abcdef0123456789abcdef-fuzz", 3600L),
                new RedisConf("127.0.0.1:1", null), nowhere, nowhere, nowhere, wx,
                new AlipayConf("2021000000000001", "2088000000000001", keys.resolve("apiclient_key.pem").toString(),
                        keys.resolve("pub_key.pem").toString(), "http://127.0.0.1:1/gateway.do", "http://127.0.0.1:1/alipay", true, 1_000L),
                null, null, null, null));
    }

    @AfterContainer
    static void stop() throws Exception {
        svc.close();
        try (var files = Files.list(keys)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(keys);
    }

    @Example
    void seeds_asSentAndWithAFreshTimestamp_areRefusedWithTheFixedAnswer() throws Exception {
        for (Notify seed : seeds()) {
            assertRefused(seed);
            Map<String, String> fresh = new TreeMap<>(seed.headers());
            fresh.put("Wechatpay-Timestamp", Long.toString(Instant.now().getEpochSecond()));
            assertRefused(new Notify(seed.refund(), fresh, seed.body()));
        }
    }

    @Example
    void aGenuineNotify_verifies_andMeetsOnlyTheMissingPaymentRpc() throws Exception {
        RawReply pay = answer(genuine(false, "PMT" + "1".repeat(22)));
        assertThat(pay.status()).isEqualTo(500);
        assertThat(pay.json()).isEqualTo(NotifyIntake.RETRY_JSON);
        RawReply notOurs = answer(genuine(false, "SOMEONE-ELSES-42"));
        assertThat(notOurs.status()).isEqualTo(400);
        assertThat(notOurs.json()).isEqualTo(NotifyIntake.REFUSED_JSON);
    }

    @Property(tries = 300)
    void anyHeadersAndBody_areRefusedWithTheFixedAnswer(@ForAll("strangers") Notify n) {
        assertRefused(n);
    }

    @Property(tries = 300)
    void mutatedGenuineNotifies_areRefusedOrHandled_neverThrow(@ForAll("mutants") Notify n) {
        RawReply r = answer(n);
        if (r.status() == 204) {
            assertThat(r.json()).isNull();
        } else if (r.status() == 500) {
            assertThat(r.json()).isEqualTo(NotifyIntake.RETRY_JSON);
        } else {
            assertThat(r.status()).isBetween(400, 499);
            assertThat(r.json()).isEqualTo(NotifyIntake.REFUSED_JSON);
        }
    }

    /**
     * The refund resource's fields, each from values WeChat sends, values it never sends and noise: a
     * resource the callback cannot act on is refused (400, fixed body) before payment-rpc is asked;
     * one it can act on reaches the absent payment-rpc (500) or, while PROCESSING, needs nothing (204).
     */
    @Property(tries = 300)
    void refundResources_areReadDefensively(@ForAll("refundResources") RefundResource r) throws Exception {
        RawReply reply = answer(signed(true, r.json()));
        if (!r.actionable()) {
            assertThat(reply.status()).as(r.json()).isEqualTo(400);
            assertThat(reply.json()).isEqualTo(NotifyIntake.REFUSED_JSON);
        } else if ("PROCESSING".equals(r.status().value())) {
            assertThat(reply.status()).as(r.json()).isEqualTo(204);
        } else {
            assertThat(reply.status()).as(r.json()).isEqualTo(500);
            assertThat(reply.json()).isEqualTo(NotifyIntake.RETRY_JSON);
        }
    }

    /** One field's value (null: left out) and whether a refund notify may carry it. */
    record Field<T>(T value, boolean ok) {
    }

    /** A refund notify's resource made of {@link Field}s. */
    record RefundResource(Field<String> refundNo, Field<String> tradeNo, Field<String> status, Field<String> time,
                          Field<Long> refund, Field<Long> total) {
        boolean actionable() {
            boolean amounts = refund.ok() && total.ok() && total.value() >= refund.value();
            // a time is needed on SUCCESS only (an empty one counts as none); a bad one is never taken
            boolean none = this.time.value() == null || this.time.value().isBlank();
            boolean time = none ? !"SUCCESS".equals(status.value()) : this.time.ok();
            return refundNo.ok() && tradeNo.ok() && status.ok() && amounts && time;
        }

        String json() {
            var n = JSON.createObjectNode().put("mchid", MCH_ID).put("transaction_id", "4200000001").put("refund_id", "50000001");
            putIfPresent(n, "out_refund_no", refundNo.value());
            putIfPresent(n, "out_trade_no", tradeNo.value());
            putIfPresent(n, "refund_status", status.value());
            putIfPresent(n, "success_time", time.value());
            var amount = n.putObject("amount");
            if (refund.value() != null) {
                amount.put("refund", refund.value()).put("payer_refund", refund.value());
            }
            if (total.value() != null) {
                amount.put("total", total.value()).put("payer_total", total.value());
            }
            return n.toString();
        }

        private static void putIfPresent(com.fasterxml.jackson.databind.node.ObjectNode n, String name, String value) {
            if (value != null) {
                n.put(name, value);
            }
        }
    }

    @Provide
    Arbitrary<RefundResource> refundResources() {
        // each field mostly good, so that most resources have one or two bad fields, and some none
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<Field<String>> refundNo = mostly(
                Arbitraries.strings().numeric().ofLength(22).map(d -> new Field<>("RFD" + d, true)),
                Arbitraries.of("RFD123", "PMT" + "1".repeat(22), "RFD" + "1".repeat(23), "rfd" + "1".repeat(22)).map(v -> new Field<>(v, false)),
                noise.injectNull(0.3).map(v -> new Field<>(v, false)));
        Arbitrary<Field<String>> tradeNo = mostly(
                Arbitraries.strings().numeric().ofLength(22).map(d -> new Field<>("PMT" + d, true)),
                Arbitraries.of("PMT1", "RFD" + "1".repeat(22)).map(v -> new Field<>(v, false)),
                noise.injectNull(0.3).map(v -> new Field<>(v, false)));
        Arbitrary<Field<String>> status = mostly(
                Arbitraries.of("SUCCESS", "CLOSED", "ABNORMAL", "PROCESSING").map(v -> new Field<>(v, true)),
                Arbitraries.of("success", "REFUND", "FAIL", "").map(v -> new Field<>(v, false)),
                noise.filter(v -> !v.matches("SUCCESS|CLOSED|ABNORMAL|PROCESSING")).injectNull(0.3).map(v -> new Field<>(v, false)));
        Arbitrary<Field<String>> time = mostly(
                Arbitraries.of("2026-01-02T12:00:00+08:00", "2026-01-02T04:00:00Z", "2026-12-31T23:59:59.123+08:00")
                        .map(v -> new Field<>(v, true)),
                Arbitraries.of("2026-01-02 12:00:00", "2026-01-02T12:00:00", "1735790400", "2026-13-02T12:00:00+08:00", "")
                        .map(v -> new Field<>(v, false)),
                Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(30).map(v -> new Field<>(v, false)),
                        Arbitraries.just(new Field<>((String) null, false))));
        Arbitrary<Field<Long>> refund = mostly(
                Arbitraries.longs().between(1, 100_000L).map(v -> new Field<>(v, true)),
                Arbitraries.longs().between(Long.MIN_VALUE, 0).map(v -> new Field<>(v, false)),
                Arbitraries.just(new Field<>((Long) null, false)));
        Arbitrary<Field<Long>> total = mostly(
                // from 1: a total below the refund is well-formed yet inconsistent
                Arbitraries.longs().between(1, 100_000_000L).map(v -> new Field<>(v, true)),
                Arbitraries.longs().between(Long.MIN_VALUE, 0).map(v -> new Field<>(v, false)),
                Arbitraries.just(new Field<>((Long) null, false)));
        return Combinators.combine(refundNo, tradeNo, status, time, refund, total).as(RefundResource::new);
    }

    @SuppressWarnings("unchecked")
    private static <T> Arbitrary<T> mostly(Arbitrary<T> good, Arbitrary<T> bad, Arbitrary<T> noise) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, good), net.jqwik.api.Tuple.of(1, bad), net.jqwik.api.Tuple.of(1, noise));
    }

    @Provide
    Arbitrary<Notify> strangers() {
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<String> timestamp = Arbitraries.oneOf(any,
                Arbitraries.longs().between(-1, 99_999_999_999L).map(Object::toString),
                Arbitraries.just("now").map(x -> Long.toString(Instant.now().getEpochSecond())));
        Arbitrary<String> signature = Arbitraries.oneOf(any, Arbitraries.bytes().array(byte[].class).ofMaxSize(400)
                .map(b -> Base64.getEncoder().encodeToString(b)), Arbitraries.just("WECHATPAY/SIGNTEST/AAAA"));
        Arbitrary<Map<String, String>> headers = Combinators.combine(any.injectNull(0.2), signature.injectNull(0.1),
                timestamp.injectNull(0.1), any.injectNull(0.2), Arbitraries.of("WECHATPAY2-SHA256-RSA2048", "", "RSA").injectNull(0.1))
                .as((serial, sig, ts, nonce, type) -> {
                    Map<String, String> h = new TreeMap<>();
                    putIfPresent(h, "Wechatpay-Serial", serial);
                    putIfPresent(h, "Wechatpay-Signature", sig);
                    putIfPresent(h, "Wechatpay-Timestamp", ts);
                    putIfPresent(h, "Wechatpay-Nonce", nonce);
                    putIfPresent(h, "Wechatpay-Signature-Type", type);
                    return h;
                });
        Arbitrary<String> body = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(2_000),
                Arbitraries.of(seedBodies()).map(b -> b.substring(0, b.length() / 2)), Arbitraries.of(seedBodies()));
        return Combinators.combine(Arbitraries.of(true, false), headers, body).as(Notify::new);
    }

    @Provide
    Arbitrary<Notify> mutants() {
        Arbitrary<Notify> genuine = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.of("PMT" + "2".repeat(22), "RFD" + "3".repeat(22), "", "x".repeat(40)))
                .as((refund, sn) -> {
                    try {
                        return genuine(refund, sn);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        return Combinators.combine(genuine, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.chars(), Arbitraries.of(HEADER_NAMES)).as(NotifyFuzzTest::mutate);
    }

    private static Notify mutate(Notify n, int op, int at, char c, String header) {
        String b = n.body();
        int pos = at % (b.length() + 1);
        Map<String, String> h = new TreeMap<>(n.headers());
        return switch (op) {
            case 0 -> n; // unchanged: it must verify
            case 1 -> new Notify(n.refund(), h, b.substring(0, pos) + c + b.substring(pos));
            case 2 -> new Notify(n.refund(), h, b.substring(0, pos));
            case 3 -> {
                h.remove(header);
                yield new Notify(n.refund(), h, b);
            }
            case 4 -> {
                h.put(header, h.getOrDefault(header, "") + c);
                yield new Notify(n.refund(), h, b);
            }
            default -> new Notify(!n.refund(), h, b); // to the other callback
        };
    }

    private static void assertRefused(Notify n) {
        RawReply r = answer(n);
        assertThat(r.status()).as(n.toString()).isBetween(400, 499);
        assertThat(r.json()).isEqualTo(NotifyIntake.REFUSED_JSON);
    }

    private static RawReply answer(Notify n) {
        return n.refund()
                ? new ThirdPaymentWxRefundCallbackLogic(svc).thirdPaymentWxRefundCallback(n.header(), n.body())
                : new ThirdPaymentWxPayCallbackLogic(svc).thirdPaymentWxPayCallback(n.header(), n.body());
    }

    /** A notify as WeChat would send it now for {@code sn}: resource encrypted with the APIv3 key, signed by the platform. */
    private static Notify genuine(boolean refund, String sn) throws Exception {
        String resource = refund
                ? "{\"mchid\":\"" + MCH_ID + "\",\"out_trade_no\":\"PMT" + "2".repeat(22) + "\",\"transaction_id\":\"4200000001\","
                + "\"out_refund_no\":\"" + sn + "\",\"refund_id\":\"50000001\",\"refund_status\":\"PROCESSING\","
                + "\"amount\":{\"total\":100,\"refund\":100,\"payer_total\":100,\"payer_refund\":100}}"
                : "{\"appid\":\"" + APP_ID + "\",\"mchid\":\"" + MCH_ID + "\",\"out_trade_no\":\"" + sn + "\",\"transaction_id\":\"4200000002\","
                + "\"trade_type\":\"JSAPI\",\"trade_state\":\"SUCCESS\",\"trade_state_desc\":\"ok\",\"bank_type\":\"OTHERS\","
                + "\"success_time\":\"2026-01-01T12:00:00+08:00\",\"payer\":{\"openid\":\"o-fuzz\"},"
                + "\"amount\":{\"total\":100,\"payer_total\":100,\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
        return signed(refund, resource);
    }

    /** {@code resource} sent as WeChat sends it now: encrypted with the APIv3 key, signed by the platform. */
    private static Notify signed(boolean refund, String resource) throws Exception {
        String type = refund ? "refund" : "transaction";
        String nonce = UUID.randomUUID().toString().substring(0, 12);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(API_V3_KEY.getBytes(StandardCharsets.UTF_8), "AES"),
                new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
        c.updateAAD(type.getBytes(StandardCharsets.UTF_8));
        String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"create_time\":\"2026-01-01T12:00:01+08:00\",\"resource_type\":"
                + "\"encrypt-resource\",\"event_type\":\"" + (refund ? "REFUND.SUCCESS" : "TRANSACTION.SUCCESS") + "\",\"summary\":\"x\","
                + "\"resource\":{\"original_type\":\"" + type + "\",\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\""
                + Base64.getEncoder().encodeToString(c.doFinal(resource.getBytes(StandardCharsets.UTF_8)))
                + "\",\"associated_data\":\"" + type + "\",\"nonce\":\"" + nonce + "\"}}";
        String ts = Long.toString(Instant.now().getEpochSecond());
        String headerNonce = UUID.randomUUID().toString().replace("-", "");
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(platform.getPrivate());
        s.update((ts + "\n" + headerNonce + "\n" + body + "\n").getBytes(StandardCharsets.UTF_8));
        Map<String, String> h = new TreeMap<>(Map.of("Content-Type", "application/json", "Wechatpay-Serial", KEY_ID,
                "Wechatpay-Timestamp", ts, "Wechatpay-Nonce", headerNonce,
                "Wechatpay-Signature", Base64.getEncoder().encodeToString(s.sign()),
                "Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"));
        return new Notify(refund, h, body);
    }

    private static List<Notify> seeds() throws Exception {
        List<Notify> out = new ArrayList<>();
        try (InputStream in = NotifyFuzzTest.class.getResourceAsStream("/fuzz/notify-seeds.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                JsonNode n = JSON.readTree(line);
                Map<String, String> h = new TreeMap<>();
                n.path("headers").fields().forEachRemaining(e -> h.put(e.getKey(), e.getValue().asText()));
                out.add(new Notify("refund".equals(n.path("route").asText()), h, n.path("body").asText()));
            }
        }
        return out;
    }

    private static List<String> seedBodies() {
        try {
            return seeds().stream().map(Notify::body).toList();
        } catch (Exception e) {
            throw new IllegalStateException("the seed corpus fuzz/notify-seeds.jsonl is missing", e);
        }
    }

    private static void putIfPresent(Map<String, String> h, String name, String value) {
        if (value != null) {
            h.put(name, value);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
