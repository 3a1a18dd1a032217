package looklook.mqueue.job.config;

import looklook.pkg.conf.OptionalKey;

/**
 * The {@code Scheduler} block. Times in seconds.
 *
 * @param lockTtl           how long the scheduler lock outlives a replica that stopped renewing it (default 10)
 * @param reconcileEvery    period of the reconcile entry (default 60)
 * @param reconcileOlderThan payments waiting longer than this are queried at WeChat (default 120)
 * @param reconcileLimit    payments per reconcile tick (default 100)
 * @param expireEvery       period of the order expiry entry (default 3600)
 */
public record SchedulerConf(@OptionalKey Long lockTtl, Long reconcileEvery, Long reconcileOlderThan, Long reconcileLimit,
                            Long expireEvery) {
    public SchedulerConf {
        lockTtl = lockTtl == null ? 10L : lockTtl;
        reconcileEvery = reconcileEvery == null ? 60L : reconcileEvery;
        reconcileOlderThan = reconcileOlderThan == null ? 120L : reconcileOlderThan;
        reconcileLimit = reconcileLimit == null ? 100L : reconcileLimit;
        expireEvery = expireEvery == null ? 3600L : expireEvery;
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
