package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.RefundKind;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.ids.SnPrefix;
import looklook.proto.payment.UpdateTradeStateReq;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Money WeChat took for a payment that does not count here (closed, or failed): a prepay that reached
 * WeChat after we gave it up, a clock apart. In one transaction WeChat's facts are kept on the payment
 * (its status stays) and its refund is written; the refund pump then asks WeChat until the money is
 * back. The order is never told: it stays as the close job left it (cancelled, or paid by another
 * payment).
 */
final class LateMoney {
    private static final Logger log = LoggerFactory.getLogger(LateMoney.class);
    static final String REASON = "paid after the payment was closed";

    private LateMoney() {
    }

    /**
     * Returns true when this call recorded it (false: an earlier report already did). Runs on the
     * caller's handle: a second connection taken while one is held could wait on a pool that callers
     * like this one have emptied.
     */
    static boolean record(ServiceContext svc, Handle handle, ThirdPayment p, UpdateTradeStateReq in) {
        ThirdRefund refund = ThirdRefund.processing(svc.sns().next(SnPrefix.THIRD_REFUND), p, p.payTotal(), RefundKind.FULL,
                RefundPaymentLogic.FULL_KEY, REASON, svc.clock().millis());
        boolean recorded;
        try {
            recorded = handle.inTransaction(h -> {
                int n = h.attach(ThirdPaymentModel.class).recordLateMoney(p.sn(), p.payStatus(),
                        in.getTradeState().isEmpty() ? "SUCCESS" : in.getTradeState(), in.getTradeType(),
                        in.getTransactionId(), in.getTradeStateDesc(), Math.max(0, in.getPayTime()));
                ThirdRefundModel refunds = h.attach(ThirdRefundModel.class);
                if (n == 1 && refunds.findLatestByKey(p.sn(), RefundPaymentLogic.FULL_KEY).isEmpty()) {
                    refunds.insert(refund);
                }
                return n == 1;
            });
        } catch (JdbiException e) {
            throw new BizException(ErrorCode.DB_ERROR,
                    "late money of payment " + p.sn() + ": " + e.getMessage(), e);
        }
        if (recorded) {
            svc.metrics().counter("payment.late_money").increment();
            log.warn("payment {} of order {} is {} here but WeChat took {} fen (transaction {}): refund {} queued",
                    p.sn(), p.orderSn(), p.status(), p.payTotal(), in.getTransactionId(), refund.sn());
            svc.refundPump().wake();
        }
        return recorded;
    }
}
