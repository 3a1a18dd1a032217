package looklook.payment.rpc.logic;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.refund.model.Status;
import java.util.List;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of the refund pump (the relay of refund rows, which are their own outbox): every
 * processing refund that is due is taken by one replica (a compare-and-set on its next try), then
 * asked of WeChat if WeChat has not accepted it yet, else queried, until it settles. A failure
 * waits longer each time, up to ten minutes, and is kept on the row for an operator to see.
 */
public final class RefundPumpLogic {
    /** Rows per round. */
    public static final int BATCH = 20;
    private static final Logger log = LoggerFactory.getLogger(RefundPumpLogic.class);
    /** A claimed refund is this replica's for a minute: longer than any WeChat call may take. */
    private static final long CLAIM_MS = 60_000;
    private static final long FIRST_BACKOFF_MS = 5_000;
    private static final long MAX_BACKOFF_MS = 600_000;
    private final ServiceContext svc;

    public RefundPumpLogic(ServiceContext svc) {
        this.svc = svc;
    }

    /** Returns the refunds looked at. */
    public int pumpOnce() {
        long now = svc.clock().millis();
        List<ThirdRefund> due = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.listDue(now, BATCH));
        for (ThirdRefund r : due) {
            int claimed = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.claim(r.sn(), r.nextTryAt(), now + CLAIM_MS));
            if (claimed == 1) {
                advance(r);
            }
        }
        return due.size();
    }

    private void advance(ThirdRefund r) {
        try {
            if (r.acceptedAt() == 0) {
                ThirdPayment paid = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(r.paymentSn()))
                        .orElseThrow(() -> new IllegalStateException("refund " + r.sn() + ": payment " + r.paymentSn() + " not found"));
                RefundAtWeChat.ask(svc, r, paid);
            } else if (RefundAtWeChat.query(svc, r) == Status.PROCESSING) {
                retryLater(r, "still processing at WeChat", false);
            }
        } catch (ServiceException e) {
            retryLater(r, "WeChat " + e.getHttpStatusCode() + " " + e.getErrorCode() + ": " + e.getErrorMessage(),
                    e.getHttpStatusCode() < 500 && e.getHttpStatusCode() != 429);
        } catch (RuntimeException e) {
            retryLater(r, e.toString(), false);
        }
    }

    private void retryLater(ThirdRefund r, String why, boolean refused) {
        long wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(r.attempts(), 16));
        String error = why.length() > 255 ? why.substring(0, 255) : why;
        svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.retryAt(r.sn(), svc.clock().millis() + wait, error));
        if (refused) {
            // WeChat refused the request itself (not enough balance, a rule): retrying may succeed later, a person may be needed
            log.error("refund {} of payment {} (order {}) refused by WeChat, try {} in {} s: {}", r.sn(), r.paymentSn(),
                    r.orderSn(), r.attempts() + 1, wait / 1000, why);
        } else {
            log.warn("refund {} of payment {} (order {}): {}; next try in {} s", r.sn(), r.paymentSn(), r.orderSn(), why, wait / 1000);
        }
    }
}
