package looklook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds WeChat Pay {@code TRANSACTION.SUCCESS} notifies as WeChat would (resource AES-256-GCM
 * under the APIv3 key, signed with the platform key of the sandbox), ahead of the measured window
 * so that the bench's own RSA cost is not part of the figure.
 */
final class SignedNotifies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092025010100000000000001";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
            .withZone(ZoneOffset.ofHours(8));

    /** A notify ready to POST: the exact body and its Wechatpay-* headers. */
    record Notify(String body, Map<String, String> headers) {
    }

    private final PrivateKey platformKey;
    private final byte[] apiV3Key;

    SignedNotifies(Path keyDir) throws Exception {
        String pem = Files.readString(keyDir.resolve("wechatpay_private_key.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        this.platformKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        this.apiV3Key = Files.readString(keyDir.resolve("apiv3_key")).trim().getBytes(StandardCharsets.UTF_8);
    }

    /** The notify WeChat sends when the ledger row {@code txn} is paid. */
    Notify paid(JsonNode txn) throws Exception {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("appid", txn.path("appid").asText());
        t.put("mchid", txn.path("mchid").asText());
        t.put("out_trade_no", txn.path("out_trade_no").asText());
        t.put("transaction_id", "4200" + String.format("%024d", ThreadLocalRandom.current().nextLong(Long.MAX_VALUE)));
        t.put("trade_type", "JSAPI");
        t.put("trade_state", "SUCCESS");
        t.put("trade_state_desc", "ok");
        t.put("bank_type", "OTHERS");
        t.put("attach", "");
        t.put("success_time", RFC3339.format(Instant.now()));
        t.put("payer", Map.of("openid", txn.path("openid").asText()));
        long total = txn.path("total").asLong();
        t.put("amount", Map.of("total", total, "payer_total", total, "currency", "CNY", "payer_currency", "CNY"));

        String nonce = nonce(12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key, "AES"),
                new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
        gcm.updateAAD("transaction".getBytes(StandardCharsets.UTF_8));
        String ciphertext = Base64.getEncoder().encodeToString(gcm.doFinal(JSON.writeValueAsBytes(t)));

        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("create_time", RFC3339.format(Instant.now()));
        envelope.put("resource_type", "encrypt-resource");
        envelope.put("event_type", "TRANSACTION.SUCCESS");
        envelope.put("summary", "payment succeeded");
        envelope.put("resource", Map.of("original_type", "transaction", "algorithm", "AEAD_AES_256_GCM",
                "ciphertext", ciphertext, "associated_data", "transaction", "nonce", nonce));
        String body = JSON.writeValueAsString(envelope);

        String ts = Long.toString(Instant.now().getEpochSecond());
        String signNonce = nonce(32);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(platformKey);
        rsa.update((ts + "\n" + signNonce + "\n" + body + "\n").getBytes(StandardCharsets.UTF_8));
        return new Notify(body, Map.of("Wechatpay-Serial", PUBLIC_KEY_ID,
                "Wechatpay-Signature", Base64.getEncoder().encodeToString(rsa.sign()),
                "Wechatpay-Timestamp", ts, "Wechatpay-Nonce", signNonce,
                "Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"));
    }

    private static String nonce(int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
        }
        return sb.toString();
    }
}
