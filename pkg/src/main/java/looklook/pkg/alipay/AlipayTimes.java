package looklook.pkg.alipay;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import looklook.pkg.wechat.WxTimes;

/** Alipay's times: {@code yyyy-MM-dd HH:mm:ss} in China time (time_expire, gmt_payment, notify_time). */
public final class AlipayTimes {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private AlipayTimes() {
    }

    /** Unix seconds as Alipay writes them. */
    public static String of(long epochSecond) {
        return FORMAT.format(Instant.ofEpochSecond(epochSecond).atZone(WxTimes.SHANGHAI));
    }

    /** Alipay's time as unix seconds; 0 for a missing or unreadable one (an absent gmt_payment is no time). */
    public static long epochSecond(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return LocalDateTime.parse(text.trim(), FORMAT).atZone(WxTimes.SHANGHAI).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
