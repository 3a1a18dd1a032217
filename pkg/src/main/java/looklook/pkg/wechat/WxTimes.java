package looklook.pkg.wechat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** WeChat Pay's times: RFC 3339 with the China offset on the wire, unix seconds in our rows and messages. */
public final class WxTimes {
    /** WeChat Pay's (and the homestay calendar's) time zone. */
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private WxTimes() {
    }

    /** Unix seconds of an RFC 3339 time; 0 for null, empty or unreadable (a missing time must not fail a payment). */
    public static long epochSecond(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return 0;
        }
        try {
            return OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    /** {@code 2026-12-01T20:30:00+08:00}: the form WeChat takes for time_expire. */
    public static String rfc3339(long epochSecond) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochSecond(epochSecond).atZone(SHANGHAI));
    }
}
