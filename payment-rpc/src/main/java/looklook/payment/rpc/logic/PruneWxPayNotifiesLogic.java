package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.WxPayNotifyModel;
import looklook.payment.rpc.svc.ServiceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit retention: deletes notify rows older than {@code NotifyRetentionDays}, one batch per
 * round of its pump (a full batch runs the next at once), so a backlog never holds a long lock.
 */
public final class PruneWxPayNotifiesLogic {
    /** Rows deleted per statement. */
    public static final int BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(PruneWxPayNotifiesLogic.class);
    private final ServiceContext svc;

    public PruneWxPayNotifiesLogic(ServiceContext svc) {
        this.svc = svc;
    }

    /** Deletes one batch; returns how many rows went. */
    public int pruneOnce() {
        int days = svc.config().notifyRetentionDays();
        int n = svc.jdbi().withExtension(WxPayNotifyModel.class, m -> m.deleteOlderThan(days, BATCH));
        if (n > 0) {
            log.info("notify audit: {} row(s) older than {} days deleted", n, days);
        }
        return n;
    }
}
