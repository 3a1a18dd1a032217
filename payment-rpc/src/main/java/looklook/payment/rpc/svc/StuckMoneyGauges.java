package looklook.payment.rpc.svc;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauges an operator watches for money that is not moving, read from the database at each
 * scrape (indexed counts): payments still waiting five minutes after WeChat stopped accepting
 * money for them (the reconcile tick should have closed or applied them), and refunds processing for
 * more than ten minutes (the refund pump should have settled them), and what the last daily bill
 * reconciliation repaired and left over. Above zero for long means a person should look: the README
 * says how.
 */
final class StuckMoneyGauges {
    private static final Logger log = LoggerFactory.getLogger(StuckMoneyGauges.class);
    /** A payment given before time_expire existed could be paid for WeChat's default two hours. */
    private static final String WAITING_PAST_WINDOW = "SELECT COUNT(*) FROM third_payment WHERE pay_status = 0 AND del_state = 0 "
            + "AND IF(expire_time > 0, expire_time, UNIX_TIMESTAMP(create_time) + 7200) < UNIX_TIMESTAMP() - 300";
    private static final String REFUNDS_PROCESSING = "SELECT COUNT(*) FROM third_refund WHERE refund_status = 0 "
            + "AND create_time < NOW(3) - INTERVAL 10 MINUTE";

    /** Refunds WeChat could not pay out (the payer's card or account closed): the money waits for an operator. */
    private static final String REFUNDS_ABNORMAL = "SELECT COUNT(*) FROM third_refund WHERE refund_status = -1";
    /** Refunds WeChat CLOSED that no new refund took the place of (the last of the tries). */
    private static final String REFUNDS_FAILED = "SELECT COUNT(*) FROM third_refund c JOIN third_payment p ON p.sn = c.payment_sn "
            + "WHERE c.refund_status = 2 AND p.pay_status <> 2 AND NOT EXISTS (SELECT 1 FROM third_refund n WHERE n.retry_of = c.sn)";
    /** The last reconciled day, summed over its channels' bills. */
    private static final String LAST_BILL = "SELECT COALESCE(SUM(%s), 0) FROM bill_reconciliation "
            + "WHERE bill_date = (SELECT MAX(bill_date) FROM bill_reconciliation)";

    private StuckMoneyGauges() {
    }

    static void register(Jdbi jdbi, MeterRegistry metrics) {
        Gauge.builder("payment.waiting.stale", () -> count(jdbi, WAITING_PAST_WINDOW))
                .description("payments still waiting 5 minutes after their time_expire").register(metrics);
        Gauge.builder("refund.processing.stale", () -> count(jdbi, REFUNDS_PROCESSING))
                .description("refunds processing for more than 10 minutes").register(metrics);
        Gauge.builder("refund.abnormal", () -> count(jdbi, REFUNDS_ABNORMAL))
                .description("refunds WeChat could not pay out (card or account closed): apply for the abnormal refund").register(metrics);
        Gauge.builder("refund.failed", () -> count(jdbi, REFUNDS_FAILED))
                .description("refunds WeChat closed that no new refund replaced: the money is not back").register(metrics);
        Gauge.builder("bill.differences.unrepaired", () -> count(jdbi, String.format(LAST_BILL, "unrepaired")))
                .description("differences with the channels' trade bills the last reconciliation left for a person").register(metrics);
        Gauge.builder("bill.differences.repaired", () -> count(jdbi, String.format(LAST_BILL, "repaired")))
                .description("differences with the channels' trade bills the last reconciliation repaired").register(metrics);
    }

    private static double count(Jdbi jdbi, String sql) {
        try {
            return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
        } catch (RuntimeException e) {
            log.warn("stuck-money gauge unreadable: {}", e.toString());
            return Double.NaN;
        }
    }
}
