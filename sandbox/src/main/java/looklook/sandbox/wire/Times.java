package looklook.sandbox.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** WeChat's timestamps: RFC 3339 in China time, whole seconds ({@code 2025-01-01T12:00:01+08:00}). */
public final class Times {
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private Times() {
    }

    /** The RFC 3339 text, or null for null. */
    public static String rfc3339(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).atOffset(CHINA).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
