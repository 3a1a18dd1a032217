package looklook.pkg.events;

import static java.util.Objects.requireNonNull;

import looklook.pkg.jobq.TaskSpec;

/**
 * The job "tell the user their order is paid", queued once the order turned paid (by order-mq, or by
 * the close job when it finds the payment first) and
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

    /** The task to enqueue; whoever finds the order paid (order-mq, the close job) queues this, once per order. */
    public TaskSpec task() {
        return TaskSpec.of(TYPE, taskId(), Payloads.write(this));
    }
}
