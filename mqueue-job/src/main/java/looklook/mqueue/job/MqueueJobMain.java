package looklook.mqueue.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import looklook.mqueue.job.config.MqueueJobConfig;
import looklook.mqueue.job.jobtype.JobTypes;
import looklook.mqueue.job.logic.ExpireOrdersLogic;
import looklook.mqueue.job.logic.ReconcilePaymentsLogic;
import looklook.mqueue.job.logic.ReconcileTradeBillLogic;
import looklook.mqueue.job.logic.RepairOverdueOrdersLogic;
import looklook.mqueue.job.logic.Routes;
import looklook.mqueue.job.scheduler.Entry;
import looklook.mqueue.job.scheduler.FencedLock;
import looklook.mqueue.job.scheduler.Scheduler;
import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.events.JobQueues;
import looklook.pkg.jobq.JobServer;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.Launcher;

/** {@code java -jar mqueue-job.jar -f etc/mqueue-job.yaml}: the job queue's worker and the scheduler. */
public final class MqueueJobMain {
    private MqueueJobMain() {
    }

    public static void main(String[] args) {
        Launcher.run("mqueue-job", () -> start(ConfLoader.fromArgs(args, "etc/mqueue-job.yaml", MqueueJobConfig.class)));
    }

    /** Starts the worker, the scheduler and the dev server; closing the result stops them in order. */
    public static AutoCloseable start(MqueueJobConfig c) throws Exception {
        ServiceContext svc = new ServiceContext(c);
        JobServer worker = null;
        Scheduler scheduler = null;
        try {
            worker = new JobServer(svc.redis(), c.jobNamespace(), JobServer.Options.defaults(c.concurrency()).withWeightedQueues(JobQueues.WEIGHTS),
                    Routes.handlers(svc), svc.metrics()).start();
            scheduler = scheduler(svc).start();
            // Kafka is not a readiness check: the notify job retries until the broker is back
            DevServer dev = DevServer.start(c.devServer(), svc.metrics(), Map.of(
                    "redis", Checks.redis(svc.redis()),
                    "order-rpc", Checks.rpc(svc.orderChannel()),
                    "payment-rpc", Checks.rpc(svc.paymentChannel()),
                    "usercenter-rpc", Checks.rpc(svc.usercenterChannel())));
            JobServer w = worker;
            Scheduler s = scheduler;
            return () -> {
                s.close();
                w.close();
                dev.close();
                svc.close();
            };
        } catch (Exception | Error e) {
            if (scheduler != null) {
                scheduler.close();
            }
            if (worker != null) {
                worker.close();
            }
            svc.close();
            throw e;
        }
    }

    /** The periodic entries: reconcile waiting payments, expire paid orders, repair overdue orders, reconcile the daily bill. */
    static Scheduler scheduler(ServiceContext svc) {
        var conf = svc.config().scheduler();
        Duration ttl = Duration.ofSeconds(conf.lockTtl());
        ReconcilePaymentsLogic reconcile = new ReconcilePaymentsLogic(svc);
        ExpireOrdersLogic expire = new ExpireOrdersLogic(svc);
        RepairOverdueOrdersLogic repair = new RepairOverdueOrdersLogic(svc);
        ReconcileTradeBillLogic bill = new ReconcileTradeBillLogic(svc);
        return new Scheduler(new FencedLock(svc.redis(), svc.config().jobNamespace() + ":sched", ttl), ttl,
                List.of(new Entry(JobTypes.SCHEDULE_RECONCILE_PAYMENTS, Duration.ofSeconds(conf.reconcileEvery()), tick -> reconcile.reconcile()),
                        new Entry(JobTypes.SCHEDULE_EXPIRE_ORDERS, Duration.ofSeconds(conf.expireEvery()), tick -> expire.expire()),
                        new Entry(JobTypes.SCHEDULE_REPAIR_ORDERS, Duration.ofSeconds(conf.repairEvery()), tick -> repair.repair()),
                        new Entry(JobTypes.SCHEDULE_RECONCILE_BILL, Duration.ofSeconds(conf.billReconcileEvery()), tick -> bill.reconcile())),
                svc.clock(), svc.metrics());
    }
}
