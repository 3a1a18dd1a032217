package looklook.pkg.events;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import looklook.pkg.conf.OptionalKey;

/**
 * One mini-program subscribe message to send, on {@code send-wx-mini-tpl-message}: published by
 * mqueue-job, sent by message-mq exactly once per {@code messageId} (Redis dedupe).
 *
 * @param messageId unique per message, stable across redeliveries (e.g. {@code <orderSn>:paid})
 * @param orderSn   for the logs that follow an order
 * @param page      the mini-program page the message opens; absent: WeChat's default
 * @param data      template keyword -> value, as WeChat's {@code data: {thing1: {value}}}
 */
public record WxMiniTplMessage(String messageId, String orderSn, String openid, String templateId,
                               @OptionalKey String page, Map<String, String> data) {
    /** The topic, as looklook names it. */
    public static final String TOPIC = "send-wx-mini-tpl-message";

    public WxMiniTplMessage {
        requireNonNull(messageId, "messageId");
        requireNonNull(openid, "openid");
        requireNonNull(templateId, "templateId");
        data = data == null ? null : Map.copyOf(data);
    }
}
