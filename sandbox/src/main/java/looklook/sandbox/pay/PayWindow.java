package looklook.sandbox.pay;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import looklook.sandbox.WxError;

/**
 * How long a payer may pay an order, by WeChat's rules for {@code time_expire} (JSAPI prepay
 * doc, pay.weixin.qq.com/doc/v3/merchant/4012525167): RFC 3339 or a 400 PARAM_ERROR; a time
 * earlier than one minute after the prepay is moved to one minute after it, one beyond 90 days
 * to 90 days; without one the order can be paid for 7 days. The minute is scaled by the
 * simulator's TimeFactor like WeChat's other delays, so tests see an order expire in seconds.
 * A prepay_id (or Native code_url) lives two hours, scaled alike (7.2 s at 0.001).
 */
public final class PayWindow {
    /** RFC 3339 date-time: seconds required, an offset or Z, as WeChat's validator wants. */
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Duration DEFAULT = Duration.ofDays(7);
    private static final Duration MAX = Duration.ofDays(90);

    private static final Duration CREDENTIAL_LIFE = Duration.ofHours(2);

    private final Duration floor;
    private final Duration credentialLife;

    /** {@code timeFactor} scales the one-minute floor and the two-hour prepay_id life (1 is real time). */
    public PayWindow(double timeFactor) {
        this.floor = scaled(Duration.ofMinutes(1), timeFactor);
        this.credentialLife = scaled(CREDENTIAL_LIFE, timeFactor);
    }

    private static Duration scaled(Duration d, double timeFactor) {
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * timeFactor)));
    }

    /** The end of the life of a prepay_id or code_url handed out at {@code now}. */
    public Instant credentialUntil(Instant now) {
        return now.plus(credentialLife);
    }

    /** The instant {@code text} names, or 400 PARAM_ERROR naming time_expire. */
    public static Instant parse(String text) {
        if (text != null && RFC3339.matcher(text).matches()) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // shaped right but not a real date (2026-02-30): WeChat's answer for any bad format
            }
        }
        throw WxError.param("time_expire: " + text
                + " (expected an RFC 3339 date-time such as 2026-12-01T20:30:00+08:00)");
    }

    /** The last moment the payer may pay an order prepaid at {@code now} with {@code requested} (null: none sent). */
    public Instant payableUntil(Instant requested, Instant now) {
        if (requested == null) {
            return now.plus(DEFAULT);
        }
        Instant earliest = now.plus(floor);
        Instant latest = now.plus(MAX);
        return requested.isBefore(earliest) ? earliest : requested.isAfter(latest) ? latest : requested;
    }
}
