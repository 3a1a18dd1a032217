package looklook.pkg.ids;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Serial numbers like looklook's ({@code HSO} + 22 digits) that are unique, not just likely so:
 * {@code yyyyMMddHHmmss} (Beijing time, readable) + a 3-digit worker id unique among live
 * processes + a 5-digit sequence within the second. The second is logical: it never goes back
 * when the wall clock does, and a burst past 100,000 ids borrows the next second.
 */
public final class SnGenerator {
    static final int MAX_WORKER = 999;
    private static final int MAX_SEQ = 99_999;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneId.of("Asia/Shanghai"));

    private final IntSupplier workerId;
    private final LongSupplier clockMillis;
    private long second = Long.MIN_VALUE;
    private int seq;
    private String stamp;

    /**
     * @param workerId    the current worker id (a lease may change it; it throws when the lease is lost)
     * @param clockMillis wall clock in epoch milliseconds
     */
    public SnGenerator(IntSupplier workerId, LongSupplier clockMillis) {
        this.workerId = requireNonNull(workerId, "workerId");
        this.clockMillis = requireNonNull(clockMillis, "clockMillis");
    }

    /** A generator on the system clock. */
    public static SnGenerator of(WorkerIdLease lease) {
        return new SnGenerator(lease::workerId, System::currentTimeMillis);
    }

    /** The next sn of this kind. */
    public String next(SnPrefix prefix) {
        int worker = workerId.getAsInt();
        if (worker < 0 || worker > MAX_WORKER) {
            throw new IllegalStateException("worker id " + worker + " (expected 0.." + MAX_WORKER + ")");
        }
        int q;
        String st;
        synchronized (this) {
            long now = Math.floorDiv(clockMillis.getAsLong(), 1000);
            if (now > second) {
                second = now;
                seq = 0;
                stamp = null;
            } else if (++seq > MAX_SEQ) {
                second++;
                seq = 0;
                stamp = null;
            }
            if (stamp == null) {
                stamp = STAMP.format(Instant.ofEpochSecond(second));
            }
            q = seq;
            st = stamp;
        }
        return prefix.code() + st + String.format("%03d%05d", worker, q);
    }
}
