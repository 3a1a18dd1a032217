package looklook.payment.rpc.model;

import static java.util.Objects.requireNonNull;

/**
 * One row of {@code third_payment_notify}, as it is inserted: a raw WeChat Pay notify and what was
 * answered, with the short fields already cut to their columns.
 *
 * @param headers the Wechatpay-* headers and Content-Type, as a JSON object
 */
public record WxPayNotify(String notifyId, String eventType, String paymentSn, String outcome, String detail, int httpStatus,
                          boolean verified, String headers, long bodyLength, String bodySha256, String body) {
    public WxPayNotify {
        requireNonNull(notifyId, "notifyId");
        requireNonNull(eventType, "eventType");
        requireNonNull(paymentSn, "paymentSn");
        requireNonNull(outcome, "outcome");
        requireNonNull(detail, "detail");
        requireNonNull(headers, "headers");
        requireNonNull(bodySha256, "bodySha256");
        requireNonNull(body, "body");
    }
}
