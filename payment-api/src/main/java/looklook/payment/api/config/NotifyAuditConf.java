package looklook.payment.api.config;

import looklook.pkg.conf.OptionalKey;

/**
 * How much of WeChat's notifies payment-api hands to payment-rpc's audit.
 *
 * @param maxQueueBytes    notifies waiting to be recorded may take this many bytes (default 8 MiB); past it
 *                         new ones are dropped, counted in {@code notify.audit.dropped{reason=queue}}
 * @param refusedPerMinute notifies that did not verify are recorded at most this often (default 60), so a
 *                         flood of forgeries costs neither the queue nor the table
 */
public record NotifyAuditConf(@OptionalKey Long maxQueueBytes, @OptionalKey Long refusedPerMinute) {
    public NotifyAuditConf {
        maxQueueBytes = maxQueueBytes == null ? 8L << 20 : maxQueueBytes;
        refusedPerMinute = refusedPerMinute == null ? 60L : refusedPerMinute;
        if (maxQueueBytes < 64 << 10) {
            throw new IllegalArgumentException("NotifyAudit.MaxQueueBytes: " + maxQueueBytes + " (expected >= 65536: one notify)");
        }
        if (refusedPerMinute < 1) {
            throw new IllegalArgumentException("NotifyAudit.RefusedPerMinute: " + refusedPerMinute + " (expected >= 1)");
        }
    }

    /** The defaults, for a config without the key. */
    public static NotifyAuditConf defaults() {
        return new NotifyAuditConf(null, null);
    }
}
