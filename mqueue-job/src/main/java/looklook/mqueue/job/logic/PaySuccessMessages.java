package looklook.mqueue.job.logic;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import looklook.mqueue.job.config.WxMiniMsgConf;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.proto.order.HomestayOrder;

/**
 * looklook's two subscribe messages for a paid order: "order paid" and "check-in reminder".
 * Their message ids derive from the order sn alone, so a retried job publishes the same ids and
 * message-mq sends each at most once.
 */
public final class PaySuccessMessages {
    /** Stay dates are calendar dates in China (order.proto). */
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    /** WeChat refuses a {@code thing} value longer than 20 characters (47003). */
    private static final int THING_MAX = 20;
    private static final String CHECK_IN_NOTE = "Show this code at check-in only";

    private PaySuccessMessages() {
    }

    /** The two messages for {@code order}, addressed to {@code openid}. */
    public static List<WxMiniTplMessage> of(HomestayOrder order, String openid, WxMiniMsgConf conf) {
        requireNonNull(order, "order");
        requireNonNull(openid, "openid");
        String sn = order.getSn();
        String page = conf.page() + "?sn=" + sn;
        String start = date(order.getLiveStartDate());
        String end = date(order.getLiveEndDate());
        WxMiniTplMessage paid = new WxMiniTplMessage(sn + ":paid", sn, openid, conf.orderPaySuccessTemplateId(), page, Map.of(
                "character_string6", sn,
                "thing1", thing(order.getTitle()),
                "amount2", yuan(order.getOrderTotalPrice()),
                "time4", start,
                "time5", end));
        WxMiniTplMessage checkIn = new WxMiniTplMessage(sn + ":checkin", sn, openid, conf.checkInTemplateId(), page, Map.of(
                "date2", start,
                "date3", end,
                "character_string4", order.getTradeCode(),
                "thing1", CHECK_IN_NOTE));
        return List.of(paid, checkIn);
    }

    /** Fen as yuan text with two decimals ({@code 200800 -> "2008.00"}), in integers: no binary rounding. */
    static String yuan(long fen) {
        if (fen < 0) {
            throw new IllegalArgumentException("amount: " + fen + " fen (expected >= 0)");
        }
        long cents = fen % 100;
        return (fen / 100) + "." + (cents < 10 ? "0" : "") + cents;
    }

    /** Unix seconds of a midnight in Shanghai as that date. */
    static String date(long epochSecond) {
        return DATE.format(Instant.ofEpochSecond(epochSecond).atZone(SHANGHAI));
    }

    /** Cut to WeChat's limit by code points, so a Chinese title is not split inside a character. */
    static String thing(String s) {
        return s.codePointCount(0, s.length()) <= THING_MAX ? s : s.substring(0, s.offsetByCodePoints(0, THING_MAX));
    }
}
