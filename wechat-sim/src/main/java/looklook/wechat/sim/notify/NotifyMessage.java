package looklook.wechat.sim.notify;

/**
 * A notify ready to send: the envelope (resource already encrypted) is fixed, the signature
 * headers are made again for every attempt, as WeChat does.
 */
public record NotifyMessage(String id, String eventType, String notifyUrl, String body, String outTradeNo, String outRefundNo) {
}
