package looklook.sandbox.notify;

/**
 * A notify ready to send: the envelope (resource already encrypted) is fixed, the signature
 * headers are made again for every attempt, as WeChat does. {@code wire} is null for WeChat's
 * notifies, else how another provider's travel ({@link NotifyWire}).
 */
public record NotifyMessage(String id, String eventType, String notifyUrl, String body, String outTradeNo, String outRefundNo,
                            NotifyWire wire) {

    /** A WeChat Pay notify. */
    public NotifyMessage(String id, String eventType, String notifyUrl, String body, String outTradeNo, String outRefundNo) {
        this(id, eventType, notifyUrl, body, outTradeNo, outRefundNo, null);
    }
}
