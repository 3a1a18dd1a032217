package looklook.payment.api.logic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.core.exception.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.rest.RestServer.RawReply;
import looklook.proto.payment.RecordWxPayNotifyReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every WeChat Pay notify (pay and refund) goes through before its content is believed: a probe
 * signature is refused, then a {@code Wechatpay-Timestamp} more than {@link #MAX_SKEW} from our clock
 * (WeChat's rule for replays: it signs each delivery, retries included, afresh), then the SDK verifies
 * the signature and decrypts. Until it verifies, the audit keeps only the body's length, hash and first
 * {@link #REFUSED_PREFIX_CHARS} characters. A refusal answers a fixed body: the reason goes to the log
 * and the audit, never back to the sender.
 */
final class NotifyIntake {
    /** How far a notify's signed timestamp may be from our clock, either way (WeChat's own advice). */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** How much of a refused body the audit keeps. */
    static final int REFUSED_PREFIX_CHARS = 256;
    /** The one answer body of a refused notify (4xx). */
    static final String REFUSED_JSON = "{\"code\":\"FAIL\",\"message\":\"notify refused\"}";
    /** The one answer body when a dependency failed and WeChat should retry (5xx). */
    static final String RETRY_JSON = "{\"code\":\"FAIL\",\"message\":\"try again later\"}";
    private static final Logger log = LoggerFactory.getLogger(NotifyIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE_PREFIX = "WECHATPAY/SIGNTEST/";
    private static final List<String> KEPT_HEADERS = List.of("Wechatpay-Serial", "Wechatpay-Signature", "Wechatpay-Timestamp",
            "Wechatpay-Nonce", "Wechatpay-Signature-Type", "Content-Type", "Request-ID");
    private static final int MAX_HEADER_CHARS = 1024;

    /** A notify's decrypted resource once it verified, or the answer that refuses it. */
    record Checked<T>(T resource, RawReply refusal) {
        boolean verified() {
            return refusal == null;
        }
    }

    private NotifyIntake() {
    }

    /**
     * Checks one notify and fills {@code audit} with what may be kept of it; the caller completes the
     * audit (outcome, status) and hands it to {@code svc.notifyAudit()}.
     */
    static <T> Checked<T> check(ServiceContext svc, UnaryOperator<String> header, String body, Class<T> type,
                                RecordWxPayNotifyReq.Builder audit) {
        unverified(audit, body);
        KEPT_HEADERS.forEach(h -> {
            String v = header.apply(h);
            if (v != null) {
                audit.putHeaders(h, v.length() <= MAX_HEADER_CHARS ? v : v.substring(0, MAX_HEADER_CHARS));
            }
        });
        String signature = header.apply("Wechatpay-Signature");
        if (signature != null && signature.startsWith(PROBE_PREFIX)) {
            return refuse(audit, 401, "probe signature " + PROBE_PREFIX + "... refused");
        }
        String skew = skewProblem(header.apply("Wechatpay-Timestamp"), svc.clock().instant());
        if (skew != null) {
            return refuse(audit, 401, skew);
        }
        T resource;
        try {
            resource = svc.wxPay().parseNotify(header, body, type);
        } catch (ValidationException e) {
            return refuse(audit, 401, "signature verification failed");
        } catch (RuntimeException e) {
            // malformed envelope, unknown algorithm, or a resource the APIv3 key does not open
            return refuse(audit, 400, "notify could not be read or decrypted");
        }
        audit.setVerified(true).setBody(body);
        envelope(body, audit);
        return new Checked<>(resource, null);
    }

    /** Why {@code timestamp} (epoch seconds as WeChat signs it) is not acceptable at {@code now}, or null. */
    static String skewProblem(String timestamp, Instant now) {
        if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
            return "Wechatpay-Timestamp missing or not epoch seconds";
        }
        long seconds = Long.parseLong(timestamp);
        long off = seconds - now.getEpochSecond();
        if (off < -MAX_SKEW.toSeconds()) {
            return "Wechatpay-Timestamp " + seconds + " is " + (-off) + " s old (at most " + MAX_SKEW.toSeconds() + ")";
        }
        if (off > MAX_SKEW.toSeconds()) {
            return "Wechatpay-Timestamp " + seconds + " is " + off + " s ahead (at most " + MAX_SKEW.toSeconds() + ")";
        }
        return null;
    }

    /** A verified notify we do not accept (not ours, inconsistent): 4xx with the fixed body. */
    static RawReply refused(int status) {
        return new RawReply(status, REFUSED_JSON);
    }

    /** A dependency failed: 5xx, WeChat retries. */
    static RawReply retry() {
        return new RawReply(500, RETRY_JSON);
    }

    /** Handled (including duplicates and late notifies): WeChat stops retrying. */
    static RawReply handled() {
        return new RawReply(204, null);
    }

    /** Completes {@code audit} with the answer and hands it over; logs a refusal only when audited, to bound the log too. */
    static RawReply finish(ServiceContext svc, RecordWxPayNotifyReq.Builder audit, RawReply reply) {
        RecordWxPayNotifyReq r = audit.setHttpStatus(reply.status()).build();
        boolean kept = svc.notifyAudit().record(r);
        if (!r.getVerified() && kept) {
            log.warn("notify refused with {}: {} (body {} bytes, sha256 {})", reply.status(), r.getDetail(),
                    r.getBodyLength(), r.getBodySha256());
        }
        return reply;
    }

    private static <T> Checked<T> refuse(RecordWxPayNotifyReq.Builder audit, int status, String why) {
        audit.setOutcome("rejected").setDetail(why);
        return new Checked<>(null, refused(status));
    }

    /** The envelope's id and event type, for the audit. */
    private static void envelope(String body, RecordWxPayNotifyReq.Builder audit) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null) {
                audit.setNotifyId(n.path("id").asText("")).setEventType(n.path("event_type").asText(""));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // verified yet not JSON cannot happen (the SDK parsed it); the audit keeps the raw body anyway
        }
    }

    /** What the audit keeps of a notify not (yet) verified, whoever sent it: its length, hash and a prefix. */
    static void unverified(RecordWxPayNotifyReq.Builder audit, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        audit.setBodyLength(bytes.length).setBodySha256(sha256(bytes)).setVerified(false)
                .setBody(body.length() <= REFUSED_PREFIX_CHARS ? body : body.substring(0, REFUSED_PREFIX_CHARS));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
