package looklook.payment.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat Pay notifies built in the test, signed and encrypted as WeChat does (wechat-v3-spec.md §4)
 * with the simulator's keys, or with wrong ones to forge them.
 */
final class Notifies {
    static final String SERIAL = "PUB_KEY_ID_0119000001092025010100000000000001";
    final PrivateKey platformKey;
    final String apiV3Key;

    Notifies(Path keyDir) throws Exception {
        this.platformKey = readKey(keyDir.resolve("wechatpay_private_key.pem"));
        this.apiV3Key = Files.readString(keyDir.resolve("apiv3_key")).trim();
    }

    /** A notify as it goes on the wire: body and headers. */
    record Notify(String body, Map<String, String> headers) {
        Notify withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Notify(body, h);
        }
    }

    static String transaction(String appid, String mchid, String outTradeNo, long total, String state) {
        return "{\"appid\":\"" + appid + "\",\"mchid\":\"" + mchid + "\",\"out_trade_no\":\"" + outTradeNo
                + "\",\"transaction_id\":\"42000" + Math.abs(outTradeNo.hashCode()) + "\",\"trade_type\":\"JSAPI\","
                + "\"trade_state\":\"" + state + "\",\"trade_state_desc\":\"ok\",\"bank_type\":\"OTHERS\","
                + "\"success_time\":\"2026-01-01T12:00:00+08:00\",\"payer\":{\"openid\":\"o-test\"},"
                + "\"amount\":{\"total\":" + total + ",\"payer_total\":" + total + ",\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
    }

    /** {@code transactionJson} encrypted under {@code aesKey} and signed with {@code signer}. */
    Notify build(String transactionJson, String aesKey, PrivateKey signer, String serial) throws Exception {
        return build(transactionJson, aesKey, signer, serial, Instant.now());
    }

    /** As {@link #build(String, String, PrivateKey, String)}, signed with {@code Wechatpay-Timestamp} {@code at}. */
    Notify build(String transactionJson, String aesKey, PrivateKey signer, String serial, Instant at) throws Exception {
        return build("transaction", "TRANSACTION.SUCCESS", transactionJson, aesKey, signer, serial, at);
    }

    /** A resource of {@code type} ({@code transaction}, {@code refund}) sent as WeChat sends it: its type is the AEAD's associated data. */
    private Notify build(String type, String eventType, String resourceJson, String aesKey, PrivateKey signer, String serial,
                         Instant at) throws Exception {
        String nonce = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String summary = type.equals("refund") ? "refunded" : "paid";
        String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"create_time\":\"2026-01-01T12:00:01+08:00\","
                + "\"resource_type\":\"encrypt-resource\",\"event_type\":\"" + eventType + "\",\"summary\":\"" + summary + "\","
                + "\"resource\":{\"original_type\":\"" + type + "\",\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\""
                + encrypt(aesKey, nonce, type, resourceJson) + "\",\"associated_data\":\"" + type + "\",\"nonce\":\"" + nonce + "\"}}";
        String ts = Long.toString(at.getEpochSecond());
        String headerNonce = UUID.randomUUID().toString().replace("-", "");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Wechatpay-Serial", serial);
        h.put("Wechatpay-Timestamp", ts);
        h.put("Wechatpay-Nonce", headerNonce);
        h.put("Wechatpay-Signature", sign(signer, ts + "\n" + headerNonce + "\n" + body + "\n"));
        h.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        return new Notify(body, h);
    }

    /** A notify WeChat would have sent at {@code at}, correctly signed. */
    Notify genuineAt(String transactionJson, Instant at) throws Exception {
        return build(transactionJson, apiV3Key, platformKey, SERIAL, at);
    }

    /** A refund notify WeChat would send now for {@code refundJson} (see {@link #refund}). */
    Notify genuineRefund(String refundJson) throws Exception {
        return build("refund", "REFUND.SUCCESS", refundJson, apiV3Key, platformKey, SERIAL, Instant.now());
    }

    /**
     * A refund notify's resource as WeChat words it (wechat-v3-spec.md, refund notify); a null field is left
     * out, {@code successTime} included.
     */
    static String refund(String mchid, String outTradeNo, String transactionId, String outRefundNo, String status,
                         String successTime, Long total, Long refund) {
        StringBuilder b = new StringBuilder("{\"mchid\":\"").append(mchid).append('"');
        field(b, "out_trade_no", outTradeNo);
        field(b, "transaction_id", transactionId);
        field(b, "out_refund_no", outRefundNo);
        field(b, "refund_id", "50300" + Math.abs(String.valueOf(outRefundNo).hashCode()));
        field(b, "refund_status", status);
        field(b, "success_time", successTime);
        b.append(",\"user_received_account\":\"payer's change\",\"amount\":{");
        StringBuilder a = new StringBuilder();
        if (total != null) {
            a.append(",\"total\":").append(total).append(",\"payer_total\":").append(total);
        }
        if (refund != null) {
            a.append(",\"refund\":").append(refund).append(",\"payer_refund\":").append(refund);
        }
        return b.append(a.length() == 0 ? "" : a.substring(1)).append("}}").toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(",\"").append(name).append("\":\"").append(value).append('"');
        }
    }

    /** A notify WeChat would send. */
    Notify genuine(String transactionJson) throws Exception {
        return build(transactionJson, apiV3Key, platformKey, SERIAL);
    }

    static PrivateKey otherKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair().getPrivate();
    }

    private static String encrypt(String key, String nonce, String associatedData, String plaintext) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "AES"),
                new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
        c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sign(PrivateKey key, String message) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    private static PrivateKey readKey(Path pem) throws Exception {
        String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }
}
