package looklook.payment.rpc.logic;

import java.util.Optional;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.payment.RefundPaymentResp;
import looklook.proto.payment.RetryClosedRefundReq;

/**
 * The operator tries again a refund WeChat CLOSED once more than the automatic tries allow (a
 * cancellation whose order waits refunding, a compensation): a new refund takes its place as the
 * automatic ones do, under the payment's lock. One that was replaced already answers its replacement.
 */
public final class RetryClosedRefundLogic {
    private final ServiceContext svc;

    public RetryClosedRefundLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RefundPaymentResp retryClosedRefund(RetryClosedRefundReq in) {
        String sn = Validate.refundSn(in.getRefundSn());
        Optional<ThirdRefund> next = svc.jdbi().inTransaction(h -> {
            ThirdRefundModel refunds = h.attach(ThirdRefundModel.class);
            ThirdRefund closed = refunds.findOneBySn(sn)
                    .orElseThrow(() -> new BizException(ErrorCode.REFUND_NOT_FOUND, "refund " + sn + " not found"));
            if (closed.refundStatus() != ThirdRefund.CLOSED) {
                throw new BizException(ErrorCode.REFUND_NOT_ALLOWED, "refund " + sn + " has status " + closed.refundStatus()
                        + " (only a CLOSED refund (2) is tried again)");
            }
            Optional<ThirdRefund> replaced = refunds.findReplacement(sn);
            return replaced.isPresent() ? replaced : RefundBook.retryClosed(svc, h, closed, true);
        });
        ThirdRefund r = next.orElseThrow(() -> new BizException(ErrorCode.REFUND_NOT_ALLOWED,
                "refund " + sn + ": the payment has had WeChat's 50 refunds"));
        RefundFlow.tryNow(svc, r);
        return RefundPaymentLogic.resp(svc, r.sn(), 0);
    }
}
