package looklook.payment.api.logic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.util.List;
import java.util.function.UnaryOperator;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.rest.RestServer.RawReply;
import looklook.proto.payment.RecordWxPayNotifyReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat Pay's payment notify (no JWT: the platform signature is the authentication). The SDK
 * verifies the signature over the raw body and decrypts the resource; then the transaction is
 * applied as {@link WxTransactions} says. Answers per WeChat v3: 204 when handled (duplicates and
 * late notifies too), 4xx {@code {"code":"FAIL"}} for a notify we refuse, 5xx when a dependency
 * failed so that WeChat retries. Every notify is kept for audit, whatever happened.
 */
public final class ThirdPaymentWxPayCallbackLogic {
    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentWxPayCallbackLogic.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE_PREFIX = "WECHATPAY/SIGNTEST/";
    private static final List<String> KEPT_HEADERS = List.of("Wechatpay-Serial", "Wechatpay-Signature", "Wechatpay-Timestamp",
            "Wechatpay-Nonce", "Wechatpay-Signature-Type", "Content-Type", "Request-ID");
    private final ServiceContext svc;

    public ThirdPaymentWxPayCallbackLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RawReply thirdPaymentWxPayCallback(UnaryOperator<String> header, String body) {
        RecordWxPayNotifyReq.Builder audit = RecordWxPayNotifyReq.newBuilder().setBody(body);
        KEPT_HEADERS.forEach(h -> {
            String v = header.apply(h);
            if (v != null) {
                audit.putHeaders(h, v);
            }
        });
        envelope(body, audit);
        RawReply reply = handle(header, body, audit);
        svc.notifyAudit().record(audit.setHttpStatus(reply.status()).build());
        return reply;
    }

    private RawReply handle(UnaryOperator<String> header, String body, RecordWxPayNotifyReq.Builder audit) {
        // 1. is it WeChat's, and what does it say
        String signature = header.apply("Wechatpay-Signature");
        if (signature != null && signature.startsWith(PROBE_PREFIX)) {
            return refuse(audit, 401, "rejected", "probe signature " + PROBE_PREFIX + "... refused");
        }
        Transaction t;
        try {
            t = svc.wxPay().parseNotify(header, body, Transaction.class);
        } catch (ValidationException e) {
            return refuse(audit, 401, "rejected", "signature verification failed (serial "
                    + header.apply("Wechatpay-Serial") + ")");
        } catch (RuntimeException e) {
            // malformed envelope, unknown algorithm, or a resource the APIv3 key does not open
            return refuse(audit, 400, "rejected", "notify could not be read or decrypted: " + e.getClass().getSimpleName());
        }
        audit.setPaymentSn(t.getOutTradeNo() == null ? "" : t.getOutTradeNo());

        // 2. apply it; a failure of ours asks WeChat to retry
        WxTransactions.Result r;
        try {
            r = WxTransactions.apply(svc, t);
        } catch (BizException | io.grpc.StatusRuntimeException e) {
            log.warn("notify {} for payment {} not handled, WeChat will retry: {}", audit.getNotifyId(), t.getOutTradeNo(), e.getMessage());
            return refuse(audit, 500, "failed", "temporarily unable to handle the notify");
        }
        audit.setOutcome(r.outcome().code()).setDetail(r.detail());
        if (!r.outcome().settled()) {
            return fail(400, r.detail());
        }
        log.info("notify {} for payment {} {} ({})", audit.getNotifyId(), t.getOutTradeNo(), r.outcome().code(), r.detail());
        return handled();
    }

    private static RawReply refuse(RecordWxPayNotifyReq.Builder audit, int status, String outcome, String why) {
        audit.setOutcome(outcome).setDetail(why);
        log.warn("notify {} refused with {}: {}", audit.getNotifyId(), status, why);
        return fail(status, why);
    }

    /** The envelope's id and event type, for the audit, when the body is JSON at all. */
    private static void envelope(String body, RecordWxPayNotifyReq.Builder audit) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null) {
                audit.setNotifyId(n.path("id").asText("")).setEventType(n.path("event_type").asText(""));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: the audit keeps the raw body anyway
        }
    }

    /** Handled (including duplicates and late notifies): WeChat stops retrying. */
    private static RawReply handled() {
        return new RawReply(204, null);
    }

    /** Not handled: WeChat's {@code {code, message}} body; a 5xx makes WeChat retry. */
    private static RawReply fail(int status, String message) {
        try {
            return new RawReply(status, JSON.writeValueAsString(java.util.Map.of("code", "FAIL", "message", message)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
