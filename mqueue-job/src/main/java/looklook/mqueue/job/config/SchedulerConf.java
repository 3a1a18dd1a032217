package looklook.mqueue.job.config;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import looklook.pkg.conf.OptionalKey;

/**
 * The {@code Scheduler} block. Times in seconds.
 *
 * @param lockTtl           how long the scheduler lock outlives a replica that stopped renewing it (default 10)
 * @param reconcileEvery    period of the reconcile entry (default 60)
 * @param reconcileOlderThan payments waiting longer than this are queried at WeChat (default 120)
 * @param reconcileLimit    payments per reconcile tick (default 100)
 * @param expireEvery       period of the order expiry entry (default 3600)
 * @param repairEvery       period of the repair entry, which settles orders left waiting past their pay deadline (default 60)
 * @param repairOlderThan   orders waiting this long after their pay deadline are repaired (default 300: the close
 *                          job, due at the deadline, has had its chance)
 * @param repairLimit       orders per repair tick (default 100)
 * @param billReconcileEvery period of the daily bill entry (default 3600: the day's first tick after BillReadyAt runs it)
 * @param billReadyAt       China time of day from which yesterday's trade bill is fetched (default "10:00", WeChat's)
 */
public record SchedulerConf(@OptionalKey Long lockTtl, Long reconcileEvery, Long reconcileOlderThan, Long reconcileLimit,
                            Long expireEvery, @OptionalKey Long repairEvery, @OptionalKey Long repairOlderThan,
                            @OptionalKey Long repairLimit, @OptionalKey Long billReconcileEvery,
                            @OptionalKey String billReadyAt) {
    public SchedulerConf {
        lockTtl = lockTtl == null ? 10L : lockTtl;
        reconcileEvery = reconcileEvery == null ? 60L : reconcileEvery;
        reconcileOlderThan = reconcileOlderThan == null ? 120L : reconcileOlderThan;
        reconcileLimit = reconcileLimit == null ? 100L : reconcileLimit;
        expireEvery = expireEvery == null ? 3600L : expireEvery;
        repairEvery = repairEvery == null ? 60L : repairEvery;
        repairOlderThan = repairOlderThan == null ? 300L : repairOlderThan;
        repairLimit = repairLimit == null ? 100L : repairLimit;
        billReconcileEvery = billReconcileEvery == null ? 3600L : billReconcileEvery;
        billReadyAt = billReadyAt == null ? "10:00" : billReadyAt;
        if (billReconcileEvery < 1) {
            throw new IllegalArgumentException("BillReconcileEvery: " + billReconcileEvery + " (expected >= 1 second)");
        }
        try {
            LocalTime.parse(billReadyAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("BillReadyAt: " + billReadyAt + " (expected HH:mm, China time)");
        }
        if (repairEvery < 1 || repairOlderThan < 0 || repairLimit < 1 || repairLimit > 1000) {
            throw new IllegalArgumentException("RepairEvery/RepairOlderThan/RepairLimit: " + repairEvery + "/" + repairOlderThan
                    + "/" + repairLimit + " (expected >= 1 s / >= 0 s / 1..1000)");
        }
        if (expireEvery < 1) {
            throw new IllegalArgumentException("ExpireEvery: " + expireEvery + " (expected >= 1 second)");
        }
        if (lockTtl < 1) {
            throw new IllegalArgumentException("LockTtl: " + lockTtl + " (expected >= 1 second)");
        }
        if (reconcileEvery < 1) {
            throw new IllegalArgumentException("ReconcileEvery: " + reconcileEvery + " (expected >= 1 second)");
        }
        if (reconcileOlderThan < 0) {
            throw new IllegalArgumentException("ReconcileOlderThan: " + reconcileOlderThan + " (expected >= 0 seconds)");
        }
        if (reconcileLimit < 1 || reconcileLimit > 1000) {
            throw new IllegalArgumentException("ReconcileLimit: " + reconcileLimit + " (expected 1..1000)");
        }
    }
}
