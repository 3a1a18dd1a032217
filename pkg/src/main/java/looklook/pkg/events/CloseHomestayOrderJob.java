package looklook.pkg.events;

import static java.util.Objects.requireNonNull;

/**
 * The job "close this order if it is still unpaid", queued by order-rpc (through its outbox) when
 * an order is created and run by mqueue-job when it is due. One per order: its task id is
 * derived from the sn, so a repeat enqueue is a no-op.
 */
public record CloseHomestayOrderJob(String sn) {
    /** The job type, as looklook names it. */
    public static final String TYPE = "defer:homestay_order:close";

    public CloseHomestayOrderJob {
        requireNonNull(sn, "sn");
    }

    /** The unique task id for the order {@code sn}. */
    public String taskId() {
        return "homestay_order:close:" + sn;
    }
}
