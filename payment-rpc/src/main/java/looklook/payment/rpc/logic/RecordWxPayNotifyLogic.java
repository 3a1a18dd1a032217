package looklook.payment.rpc.logic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import looklook.payment.rpc.model.WxPayNotify;
import looklook.payment.rpc.model.WxPayNotifyModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.RecordWxPayNotifyResp;
import org.jdbi.v3.core.JdbiException;

/**
 * Keeps one raw WeChat Pay notify (headers, body or, for one that did not verify, its length, hash and
 * prefix, and what we answered) for audit; short fields are cut to fit.
 */
public final class RecordWxPayNotifyLogic {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The headers column is a TEXT: 65,535 bytes. */
    private static final int MAX_HEADERS_BYTES = 65_535;
    private final ServiceContext svc;

    public RecordWxPayNotifyLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RecordWxPayNotifyResp recordWxPayNotify(RecordWxPayNotifyReq in) {
        WxPayNotify row = row(in, "");
        try {
            long id = svc.jdbi().withExtension(WxPayNotifyModel.class, m -> m.insert(row));
            return RecordWxPayNotifyResp.newBuilder().setId(id).build();
        } catch (JdbiException e) {
            throw new BizException(ErrorCode.DB_ERROR, "record notify " + in.getNotifyId() + ": " + e.getMessage(), e);
        }
    }

    /** The row {@code in} becomes; {@code field} names it in a refusal ("" for a single notify, "notifies[3]." in a batch). */
    static WxPayNotify row(RecordWxPayNotifyReq in, String field) {
        if (in.getOutcome().isBlank()) {
            throw BizException.badParam(field + "outcome: empty (expected what was done with the notify, e.g. applied)");
        }
        String headers;
        try {
            headers = JSON.writeValueAsString(new TreeMap<>(in.getHeadersMap()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
        int headerBytes = headers.getBytes(StandardCharsets.UTF_8).length;
        if (headerBytes > MAX_HEADERS_BYTES) {
            // refused here as a bad entry, not by the database: in a batch the insert would fail for every entry
            throw BizException.badParam(field + "headers: " + headerBytes + " bytes as JSON (expected at most " + MAX_HEADERS_BYTES + ")");
        }
        return new WxPayNotify(cut(in.getNotifyId(), 64), cut(in.getEventType(), 32), cut(in.getPaymentSn(), 32),
                cut(in.getOutcome(), 16), cut(in.getDetail(), 255), in.getHttpStatus(), in.getVerified(), headers,
                in.getBodyLength(), cut(in.getBodySha256(), 64), in.getBody());
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
