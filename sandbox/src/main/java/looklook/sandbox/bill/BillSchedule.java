package looklook.sandbox.bill;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import looklook.sandbox.WxError;

/**
 * When a day's trade bill can be had. WeChat builds day D's bill from 09:00 on D+1 (China time)
 * and tells merchants to ask after 10:00; before that it answers 400 STATEMENT_CREATING. A day
 * in the future, or older than three months, is 400 INVALID_REQUEST (bill_date checked). The
 * ready time is {@code BillsReadyAt} ("HH:mm" on the next day, default 10:00) or "now": every
 * day's bill, today's included, is ready at once (for tests). Changeable at run time.
 */
public final class BillSchedule {
    /** WeChat's advice to merchants, the default. */
    public static final String DEFAULT = "10:00";
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final Pattern HH_MM = Pattern.compile("\\d{2}:\\d{2}");

    /** Empty: ready at once. */
    private volatile Optional<LocalTime> readyAt;

    /** {@code readyAt} as {@link #parse} reads it. */
    public BillSchedule(String readyAt) {
        this.readyAt = parse(readyAt);
    }

    /**
     * "HH:mm" (the next day's China time a day's bill is ready) or "now" (ready at once), or an
     * IllegalArgumentException saying what was expected.
     */
    public static Optional<LocalTime> parse(String value) {
        if (value != null && value.trim().toLowerCase(Locale.ROOT).equals("now")) {
            return Optional.empty();
        }
        if (value != null && HH_MM.matcher(value.trim()).matches()) {
            try {
                return Optional.of(LocalTime.parse(value.trim()));
            } catch (DateTimeParseException e) {
                // 24:00 and the like fall through to the message below
            }
        }
        throw new IllegalArgumentException(value + " (expected HH:mm, the next day's China time a day's bill is ready,"
                + " or now)");
    }

    /** Changes the ready time; 400 PARAM_ERROR naming ready_at if {@code value} is not one. */
    public void set(String value) {
        try {
            readyAt = parse(value);
        } catch (IllegalArgumentException e) {
            throw WxError.param("ready_at: " + e.getMessage());
        }
    }

    /** The ready time as set: "HH:mm" or "now". */
    public String describe() {
        return readyAt.map(LocalTime::toString).orElse("now");
    }

    /** Returns if day {@code day}'s bill can be had at {@code now}, else throws WeChat's refusal. */
    public void check(LocalDate day, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, CHINA);
        if (day.isAfter(today)) {
            throw new WxError(400, "INVALID_REQUEST", "bill_date: " + day + " is in the future (today is " + today
                    + " in China)");
        }
        if (day.isBefore(today.minusMonths(3))) {
            throw new WxError(400, "INVALID_REQUEST", "bill_date: " + day + " (bills are kept for three months)");
        }
        Optional<LocalTime> at = readyAt;
        if (at.isPresent() && now.isBefore(day.plusDays(1).atTime(at.get()).toInstant(CHINA))) {
            throw new WxError(400, "STATEMENT_CREATING", "the bill of " + day + " is being generated; it is ready "
                    + day.plusDays(1) + " " + at.get() + " China time");
        }
    }
}
