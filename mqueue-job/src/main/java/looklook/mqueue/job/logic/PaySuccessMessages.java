package looklook.mqueue.job.logic;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import looklook.mqueue.job.config.WxMiniMsgConf;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.wechat.KeywordType;
import looklook.pkg.wechat.TemplateKeywords;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.order.HomestayOrder;

/**
 * looklook's two subscribe messages for a paid order: "order paid" and "check-in reminder", filled
 * to fit their templates ({@link PaySuccessTemplates}). Their message ids derive from the order sn
 * alone, so a retried job publishes the same ids and message-mq sends each at most once.
 */
public final class PaySuccessMessages {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    static final String CHECK_IN_NOTE = "Show it at check-in";

    private PaySuccessMessages() {
    }

    /**
     * The two messages for {@code order}, addressed to {@code openid}. A value its keyword's type
     * refuses is our bug, never sent: an {@link InvalidTemplateData} naming the order sn, the key and
     * the value.
     */
    public static List<WxMiniTplMessage> of(HomestayOrder order, String openid, WxMiniMsgConf conf) {
        requireNonNull(order, "order");
        requireNonNull(openid, "openid");
        String sn = order.getSn();
        String page = conf.page() + "?sn=" + sn;
        String start = date(order.getLiveStartDate());
        String end = date(order.getLiveEndDate());
        WxMiniTplMessage paid = checked(PaySuccessTemplates.ORDER_PAID, new WxMiniTplMessage(sn + ":paid", sn, openid,
                conf.orderPaySuccessTemplateId(), page, Map.of(
                        "character_string6", sn,
                        "thing1", thing(order.getTitle()),
                        "amount2", yuan(order.getOrderTotalPrice()),
                        "date4", start,
                        "date5", end)));
        WxMiniTplMessage checkIn = checked(PaySuccessTemplates.CHECK_IN, new WxMiniTplMessage(sn + ":checkin", sn, openid,
                conf.checkInTemplateId(), page, Map.of(
                        "date2", start,
                        "date3", end,
                        "character_string4", order.getTradeCode(),
                        "thing1", CHECK_IN_NOTE)));
        return List.of(paid, checkIn);
    }

    /** A message whose data WeChat would refuse for its template: a bug here, not the user's doing. */
    public static final class InvalidTemplateData extends IllegalStateException {
        InvalidTemplateData(String message) {
            super(message);
        }
    }

    /** {@code m}, if its data fits {@code template} as WeChat checks it. */
    static WxMiniTplMessage checked(TemplateKeywords template, WxMiniTplMessage m) {
        template.check(m.data()).ifPresent(r -> {
            String what = switch (r.problem()) {
                case MISSING -> "missing (expected " + template.type(r.key()).rule() + ")";
                case UNKNOWN -> "not a keyword of the template (expected " + template.types().keySet() + ")";
                case INVALID -> "\"" + m.data().get(r.key()) + "\" (expected " + template.type(r.key()).rule() + ")";
            };
            throw new InvalidTemplateData("order " + m.orderSn() + " message " + m.messageId() + ": " + r.key() + ": " + what);
        });
        return m;
    }

    /** Fen as yuan text with two decimals ({@code 200800 -> "2008.00"}), in integers: no binary rounding. */
    static String yuan(long fen) {
        if (fen < 0) {
            throw new IllegalArgumentException("amount: " + fen + " fen (expected >= 0)");
        }
        long cents = fen % 100;
        return (fen / 100) + "." + (cents < 10 ? "0" : "") + cents;
    }

    /** Unix seconds of a midnight in China (stay dates are calendar dates there, order.proto) as that date. */
    static String date(long epochSecond) {
        return DATE.format(Instant.ofEpochSecond(epochSecond).atZone(WxTimes.SHANGHAI));
    }

    /**
     * A title cut to what a {@code thing} keyword takes, by code points so a Chinese title is not split
     * inside a character: WeChat refuses a longer one, and a cut title still tells the user which stay.
     */
    static String thing(String s) {
        return s.codePointCount(0, s.length()) <= KeywordType.THING_MAX ? s
                : s.substring(0, s.offsetByCodePoints(0, KeywordType.THING_MAX));
    }
}
