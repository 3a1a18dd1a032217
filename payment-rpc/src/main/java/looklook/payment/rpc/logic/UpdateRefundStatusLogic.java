package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayStatus;
import looklook.proto.payment.UpdateRefundStatusReq;
import looklook.proto.payment.UpdateRefundStatusResp;
import looklook.proto.payment.UpdateTradeStateReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What WeChat says became of a refund. SUCCESS of a cancel or a whole refund moves the payment to
 * refunded first (its compare-and-set writes the payStatus 2 event with the fen given back, which
 * turns the order refunded) and then the refund row, so a crash in between is finished by the next
 * notify: both steps are no-ops when already done; a partial refund leaves payment and order as they
 * are. CLOSED books, in the same transaction, the refund that takes its place (WeChat frees the money
 * for a new out_refund_no). The amount, and the payment when the report names it, must be this
 * refund's, else nothing changes.
 */
public final class UpdateRefundStatusLogic {
    private static final Logger log = LoggerFactory.getLogger(UpdateRefundStatusLogic.class);
    private final ServiceContext svc;

    public UpdateRefundStatusLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public UpdateRefundStatusResp updateRefundStatus(UpdateRefundStatusReq in) {
        String sn = Validate.refundSn(in.getRefundSn());
        int to = (int) in.getRefundStatus();
        if (to != ThirdRefund.SUCCESS && to != ThirdRefund.ABNORMAL && to != ThirdRefund.CLOSED) {
            throw BizException.badParam("refundStatus: " + to + " (expected 1 success, -1 abnormal or 2 closed)");
        }
        ThirdRefund r = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneBySn(sn))
                .orElseThrow(() -> new BizException(ErrorCode.REFUND_NOT_FOUND, "refund " + sn + " not found"));
        if (in.getRefundAmount() != r.refundAmount()) {
            throw BizException.badParam("refundAmount: " + in.getRefundAmount() + " fen (expected " + r.refundAmount() + ")");
        }
        checkPayment(in, r);
        // an ABNORMAL report of a refund applied for since is stale (a late notify, a retry): WeChat pays it out now
        if (r.refundStatus() == to || (to == ThirdRefund.ABNORMAL && r.abnormalApplied())) {
            return UpdateRefundStatusResp.newBuilder().setChanged(false).setOrderSn(r.orderSn()).build();
        }
        // ABNORMAL is not final: once the abnormal refund is applied for (by us or by hand on the merchant
        // platform) WeChat pays it out under the same out_refund_no and says SUCCESS
        boolean abnormalApplied = r.refundStatus() == ThirdRefund.ABNORMAL && to == ThirdRefund.SUCCESS;
        if (r.refundStatus() != ThirdRefund.PROCESSING && !abnormalApplied) {
            throw new BizException(ErrorCode.REFUND_NOT_ALLOWED,
                    "refund " + sn + " already ended with status " + r.refundStatus() + ", not " + to);
        }
        if (to == ThirdRefund.SUCCESS && r.refundKind().closesPayment()) {
            long back = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.sumSucceededByPaymentSn(r.paymentSn()))
                    + (r.refundStatus() == ThirdRefund.SUCCESS ? 0 : r.refundAmount());
            new UpdateTradeStateLogic(svc).updateTradeState(UpdateTradeStateReq.newBuilder().setSn(r.paymentSn())
                    .setPayStatus(PayStatus.REFUNDED.code()).setTradeState("REFUND").setRefundAmount(back).build());
        }
        int n = svc.jdbi().inTransaction(h -> {
            int changed = h.attach(ThirdRefundModel.class).finish(sn, to, in.getRefundId(), in.getSuccessTime());
            if (changed == 1 && to == ThirdRefund.CLOSED) {
                RefundBook.retryClosed(svc, h, r, false);
            }
            return changed;
        });
        if (n == 1 && to == ThirdRefund.CLOSED) {
            svc.refundPump().wake();
        }
        if (to != ThirdRefund.SUCCESS) {
            log.error("refund {} of payment {} (order {}) ended {} at WeChat: the money is not back", sn, r.paymentSn(), r.orderSn(), to);
        } else {
            log.info("refund {} of payment {} (order {}) succeeded", sn, r.paymentSn(), r.orderSn());
        }
        return UpdateRefundStatusResp.newBuilder().setChanged(n == 1).setOrderSn(r.orderSn()).build();
    }

    /**
     * A report that names a payment (WeChat's refund notify does) must name this refund's: else it is
     * about another refund or forged, and the refund stays as it is.
     */
    private void checkPayment(UpdateRefundStatusReq in, ThirdRefund r) {
        if (!in.getPaymentSn().isEmpty() && !in.getPaymentSn().equals(r.paymentSn())) {
            throw BizException.badParam("paymentSn: " + Validate.quote(in.getPaymentSn()) + " (expected " + r.paymentSn()
                    + ", the payment of refund " + r.sn() + ")");
        }
        if (in.getTransactionId().isEmpty() && in.getPaymentTotal() <= 0) {
            return;
        }
        ThirdPayment p = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(r.paymentSn()))
                // our own rows disagree: a server error, so the notify is retried, not answered as an unknown refund
                .orElseThrow(() -> new BizException(ErrorCode.SERVER_COMMON_ERROR, "payment " + r.paymentSn() + " of refund " + r.sn() + " not found"));
        if (!in.getTransactionId().isEmpty() && p.transactionId() != null && !p.transactionId().isEmpty() && !in.getTransactionId().equals(p.transactionId())) {
            throw BizException.badParam("transactionId: " + Validate.quote(in.getTransactionId()) + " (expected "
                    + p.transactionId() + ", of payment " + p.sn() + ")");
        }
        if (in.getPaymentTotal() > 0 && in.getPaymentTotal() != p.payTotal()) {
            throw BizException.badParam("paymentTotal: " + in.getPaymentTotal() + " fen (expected " + p.payTotal()
                    + ", of payment " + p.sn() + ")");
        }
    }
}
