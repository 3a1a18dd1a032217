package looklook.order.rpc.logic;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import looklook.pkg.errors.BizException;

/**
 * The nights of a booking. Clients send looklook's {@code liveStartTime}/{@code liveEndTime} as
 * unix seconds; each is read as the calendar date it falls on in Asia/Shanghai (the time of day
 * is ignored), so nights = days from the check-in date to the check-out date. The check-in date
 * may be today, not earlier, and at most {@value #HORIZON_DAYS} days ahead; a stay is 1 to
 * {@value #MAX_NIGHTS} nights. Ranges are checked on the raw seconds first, so absurd values
 * never reach date arithmetic.
 */
record Stay(LocalDate start, LocalDate end, int nights) {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int MAX_NIGHTS = 30;
    static final int HORIZON_DAYS = 365;

    static Stay of(long liveStartTime, long liveEndTime, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        long todayStart = epochSecond(today);
        if (liveStartTime < todayStart) {
            throw BizException.badParam("liveStartTime: " + liveStartTime + " (expected >= " + todayStart
                    + ": check-in today " + today + " or later, Asia/Shanghai)");
        }
        long horizonEnd = epochSecond(today.plusDays(HORIZON_DAYS + 1));
        if (liveStartTime >= horizonEnd) {
            throw BizException.badParam("liveStartTime: " + liveStartTime + " (expected < " + horizonEnd
                    + ": check-in at most " + HORIZON_DAYS + " days ahead)");
        }
        LocalDate start = date(liveStartTime);
        long earliestEnd = epochSecond(start.plusDays(1));
        if (liveEndTime < earliestEnd) {
            throw BizException.badParam("liveEndTime: " + liveEndTime + " (expected >= " + earliestEnd
                    + ": at least one night after liveStartTime " + liveStartTime + ")");
        }
        long latestEnd = epochSecond(start.plusDays(MAX_NIGHTS + 1));
        if (liveEndTime >= latestEnd) {
            throw BizException.badParam("liveEndTime: " + liveEndTime + " (expected < " + latestEnd
                    + ": at most " + MAX_NIGHTS + " nights after liveStartTime " + liveStartTime + ")");
        }
        LocalDate end = date(liveEndTime);
        return new Stay(start, end, (int) (end.toEpochDay() - start.toEpochDay()));
    }

    /** The unix second at which {@code date} starts in Asia/Shanghai: how dates go back to clients. */
    static long epochSecond(LocalDate date) {
        return date.atStartOfDay(ZONE).toEpochSecond();
    }

    private static LocalDate date(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atZone(ZONE).toLocalDate();
    }
}
