package looklook.payment.rpc.logic;

import com.wechat.pay.java.core.exception.ServiceException;
import java.util.List;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.store.SqlErrors;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.RefundPaymentResp;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refunds a payment that took money in full: the order's successful one, or the one named. The
 * refund row is written before WeChat is asked, with a unique key per payment, so a repeat (or a
 * race) gets the same refund and WeChat sees the same out_refund_no, which it answers with the same
 * refund: never two refunds of one payment. WeChat is asked at once; if it cannot be reached the
 * answer is "processing" and the refund pump asks again until it can.
 */
public final class RefundPaymentLogic {
    private static final Logger log = LoggerFactory.getLogger(RefundPaymentLogic.class);
    /** The pump leaves a new refund to this call for this long before asking WeChat itself. */
    private static final long PUMP_GRACE_MS = 30_000;
    private final ServiceContext svc;

    public RefundPaymentLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RefundPaymentResp refundPayment(RefundPaymentReq in) {
        String orderSn = Validate.orderSn(in.getOrderSn());
        String reason = in.getReason().strip();
        if (reason.length() > 80) {
            throw BizException.badParam("reason: " + reason.length() + " characters (expected at most 80)");
        }
        // 1. the payment to give back
        ThirdPayment paid = payment(orderSn, in.getPaymentSn());

        // 2. one refund per payment, recorded before WeChat hears of it
        ThirdRefund refund = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneByPaymentSn(paid.sn()))
                .orElseGet(() -> create(paid, reason.isEmpty() ? "user request" : reason));
        if (refund.refundStatus() != ThirdRefund.PROCESSING || refund.acceptedAt() > 0) {
            return resp(refund);
        }

        // 3. ask WeChat now; what cannot be asked now the pump asks later
        try {
            RefundAtWeChat.ask(svc, refund, paid);
        } catch (ServiceException e) {
            log.warn("refund {} of payment {} (order {}): WeChat answered {} {}; the refund pump retries", refund.sn(), paid.sn(),
                    orderSn, e.getHttpStatusCode(), e.getErrorCode());
        } catch (RuntimeException e) {
            log.warn("refund {} of payment {} (order {}): WeChat not reached ({}); the refund pump retries", refund.sn(),
                    paid.sn(), orderSn, e.toString());
        }
        return resp(svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneBySn(refund.sn())).orElseThrow());
    }

    private ThirdPayment payment(String orderSn, String paymentSn) {
        List<ThirdPayment> payments = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(orderSn));
        if (!paymentSn.isEmpty()) {
            Validate.paymentSn("paymentSn", paymentSn);
            ThirdPayment p = payments.stream().filter(x -> x.sn().equals(paymentSn)).findFirst()
                    .orElseThrow(() -> new BizException(ErrorCode.PAYMENT_NOT_FOUND, "payment " + paymentSn + " of order " + orderSn + " not found"));
            if (!tookMoney(p)) {
                throw new BizException(ErrorCode.REFUND_NOT_ALLOWED, "payment " + paymentSn + " took no money (pay status " + p.status() + ")");
            }
            return p;
        }
        return payments.stream().filter(p -> p.status().paidOrder()).findFirst()
                .orElseThrow(() -> new BizException(ErrorCode.REFUND_NOT_ALLOWED, "order " + orderSn + " has no successful payment"));
    }

    /** Paid (or refunded already), or late money WeChat took for a payment closed here. */
    private static boolean tookMoney(ThirdPayment p) {
        return p.status().paidOrder() || !p.transactionId().isEmpty();
    }

    private ThirdRefund create(ThirdPayment paid, String reason) {
        ThirdRefund r = ThirdRefund.processing(svc.sns().next(SnPrefix.THIRD_REFUND), paid, reason,
                svc.clock().millis() + PUMP_GRACE_MS);
        try {
            svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.insert(r));
            return r;
        } catch (JdbiException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                // another call created it first: use theirs
                return svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneByPaymentSn(paid.sn())).orElseThrow();
            }
            throw new BizException(ErrorCode.DB_ERROR, "refund of payment " + paid.sn() + ": " + e.getMessage(), e);
        }
    }

    private static RefundPaymentResp resp(ThirdRefund r) {
        return RefundPaymentResp.newBuilder().setRefundSn(r.sn()).setRefundStatus(r.refundStatus())
                .setRefundAmount(r.refundAmount()).setPaymentSn(r.paymentSn()).build();
    }
}
