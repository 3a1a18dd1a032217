package looklook.sandbox.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import looklook.sandbox.crypto.Ciphers;
import looklook.sandbox.crypto.Nonces;
import looklook.sandbox.ledger.Refund;
import looklook.sandbox.ledger.Txn;
import looklook.sandbox.signing.PlatformSigner;
import looklook.sandbox.wire.Json;
import looklook.sandbox.wire.RefundNotifyJson;
import looklook.sandbox.wire.Times;
import looklook.sandbox.wire.TransactionJson;

/** Builds WeChat Pay notifies: an envelope with an AEAD_AES_256_GCM resource, signed as {@link PlatformSigner} says. */
public final class NotifyBuilder {
    /** The prefix real WeChat puts on the signature of deliberately mis-signed probe notifies. */
    public static final String PROBE_PREFIX = PlatformSigner.PROBE_PREFIX;

    private final String apiV3Key;
    private final PlatformSigner signer;

    public NotifyBuilder(String apiV3Key, PlatformSigner signer) {
        this.apiV3Key = apiV3Key;
        this.signer = signer;
    }

    record Resource(String originalType, String algorithm, String ciphertext, String associatedData, String nonce) {
    }

    record Envelope(String id, String createTime, String resourceType, String eventType, String summary, Resource resource) {
    }

    /** TRANSACTION.SUCCESS for a paid transaction, to its notify_url. */
    public NotifyMessage transactionSuccess(Txn t) {
        String id = UUID.randomUUID().toString();
        String body = envelope(id, "TRANSACTION.SUCCESS", "payment succeeded", "transaction", Json.write(TransactionJson.of(t)));
        return new NotifyMessage(id, "TRANSACTION.SUCCESS", t.notifyUrl(), body, t.outTradeNo(), null);
    }

    /** REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED for a settled refund, to the refund's notify_url. */
    public NotifyMessage refund(String mchid, Refund r) {
        String event = "REFUND." + r.status().name();
        String id = UUID.randomUUID().toString();
        String body = envelope(id, event, "refund " + r.status().name().toLowerCase(Locale.ROOT), "refund",
                Json.write(RefundNotifyJson.of(mchid, r)));
        return new NotifyMessage(id, event, r.notifyUrl(), body, r.outTradeNo(), r.outRefundNo());
    }

    /** A notify shaped like a payment notify but for no real payment, for the mis-signed probe. */
    public NotifyMessage probe(String notifyUrl, Txn like) {
        String id = UUID.randomUUID().toString();
        String body = envelope(id, "TRANSACTION.SUCCESS", "payment succeeded", "transaction", Json.write(TransactionJson.of(like)));
        return new NotifyMessage(id, "TRANSACTION.SUCCESS", notifyUrl, body, like.outTradeNo(), null);
    }

    /**
     * The headers of one attempt: {@code Wechatpay-Signature} over {@code ts\nnonce\nbody\n}, or for a
     * probe a random signature behind {@link #PROBE_PREFIX} that no merchant can verify.
     */
    public Map<String, String> headers(String body, boolean probe) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String nonce = Nonces.alnum(32);
        PlatformSigner.Identity who = signer.forNotify();
        String signature = probe ? PlatformSigner.probeSignature() : who.sign(ts + "\n" + nonce + "\n" + body + "\n");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Wechatpay-Serial", who.serial());
        h.put("Wechatpay-Signature", signature);
        h.put("Wechatpay-Timestamp", ts);
        h.put("Wechatpay-Nonce", nonce);
        h.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        return h;
    }

    private String envelope(String id, String event, String summary, String type, String plaintext) {
        String nonce = Nonces.alnum(12);
        Resource resource = new Resource(type, "AEAD_AES_256_GCM",
                Ciphers.aesGcmEncrypt(apiV3Key, nonce, type, plaintext), type, nonce);
        return Json.write(new Envelope(id, Times.rfc3339(Instant.now()), "encrypt-resource",
                event, summary, resource));
    }
}
