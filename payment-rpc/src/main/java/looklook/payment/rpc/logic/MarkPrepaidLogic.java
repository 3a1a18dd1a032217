package looklook.payment.rpc.logic;

import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayStatus;
import looklook.proto.payment.MarkPrepaidReq;
import looklook.proto.payment.MarkPrepaidResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * payment-api's last step before it hands a provider's code out: the payment is marked prepaid by
 * compare-and-set while it waits (the first time kept, so a repeat answers the same). A channel switch,
 * the close job or the reconcile tick gives up a payment that awaits the mark (created for payment-api,
 * {@code marksPrepay}) and never got it without asking its provider ({@link Trades#closeNeverPrepaid}),
 * by a compare-and-set of its own on the same row: of the two exactly one wins, so a code is handed out
 * only for a payment its provider will be asked about.
 */
public final class MarkPrepaidLogic {
    private static final Logger log = LoggerFactory.getLogger(MarkPrepaidLogic.class);
    private final ServiceContext svc;

    /** What the mark matched, and the row read after it when it matched none. */
    private record Marked(int matched, Optional<ThirdPayment> payment) {
    }

    public MarkPrepaidLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public MarkPrepaidResp markPrepaid(MarkPrepaidReq in) {
        String sn = Validate.paymentSn("sn", in.getSn());
        // one connection and one attached model for the mark and the read (an attach costs as much as a statement);
        // a row the mark matched waits (its condition) and is marked: that is the whole answer, read nothing more
        Marked marked = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> {
            int matched = m.markPrepaid(sn);
            return new Marked(matched, matched == 1 ? Optional.empty() : m.findOneBySn(sn));
        });
        if (marked.matched() == 1) {
            return MarkPrepaidResp.newBuilder().setWaiting(true).setPayStatus(PayStatus.WAIT.code()).build();
        }
        ThirdPayment p = marked.payment()
                .orElseThrow(() -> new BizException(ErrorCode.PAYMENT_NOT_FOUND, "payment " + sn + " not found"));
        // the driver may report changed rows, not matched ones, so a repeat can match none: the row says it all
        // the same, as a waiting payment once marked stays marked until it leaves waiting
        boolean waiting = p.status() == PayStatus.WAIT && p.prepaid();
        if (!waiting) {
            log.info("payment {} of order {} is {}, not waiting: its code is not handed out", sn, p.orderSn(), p.status());
        }
        return MarkPrepaidResp.newBuilder().setWaiting(waiting).setPayStatus(p.payStatus()).build();
    }
}
