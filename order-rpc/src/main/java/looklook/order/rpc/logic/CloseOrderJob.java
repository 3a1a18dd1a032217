package looklook.order.rpc.logic;

import java.time.Instant;
import java.util.UUID;
import looklook.pkg.outbox.OutboxEvent;

/**
 * The job "close this order if it is still unpaid", queued through the outbox when the order is
 * created. Its task id is unique per order, so a second enqueue of it is a no-op.
 */
final class CloseOrderJob {
    static final String TYPE = "defer:homestay_order:close";
    private static final String TASK_ID_PREFIX = "homestay_order:close:";

    private CloseOrderJob() {
    }

    static OutboxEvent event(String sn, Instant runAt) {
        // the sn is HSO + digits, so it needs no JSON escaping
        String payload = "{\"sn\":\"" + sn + "\"}";
        return OutboxEvent.job(UUID.randomUUID().toString(), TYPE, TASK_ID_PREFIX + sn, payload, runAt);
    }
}
