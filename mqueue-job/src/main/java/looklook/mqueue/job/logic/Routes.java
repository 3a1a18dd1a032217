package looklook.mqueue.job.logic;

import java.util.Map;
import looklook.mqueue.job.jobtype.JobTypes;
import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.jobq.JobHandler;

/** Job type -> handler (looklook's asynq mux). */
public final class Routes {
    private Routes() {
    }

    /** The handlers the worker runs. */
    public static Map<String, JobHandler> handlers(ServiceContext svc) {
        return Map.of(
                JobTypes.DEFER_CLOSE_HOMESTAY_ORDER, new CloseHomestayOrderHandler(svc),
                JobTypes.MSG_PAY_SUCCESS_NOTIFY_USER, new PaySuccessNotifyUserHandler(svc));
    }
}
