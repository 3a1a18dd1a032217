package looklook.pkg.events;

import static java.util.Objects.requireNonNull;

/**
 * The job "tell the user their order is paid", queued by order-rpc in the transaction that turns the
 * order paid (its outbox), whoever asked for the move (order-mq, the close job, the repair tick), and
 * run by mqueue-job, which sends the two subscribe messages. One per order: the task id comes from
 * the sn, so a redelivered pay event still queues it once.
 */
public record NotifyUserPaySuccessJob(String orderSn) {
    /** The job type, as looklook names it. */
    public static final String TYPE = "msg:pay_success:notify_user";

    public NotifyUserPaySuccessJob {
        requireNonNull(orderSn, "orderSn");
    }

    /** The unique task id for the order. */
    public String taskId() {
        return "pay_success:notify_user:" + orderSn;
    }
}
