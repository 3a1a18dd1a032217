package looklook.payment.rpc.logic;

import java.util.List;
import looklook.payment.rpc.model.RefundKind;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.RefundPaymentResp;

/**
 * A refund by the platform of a payment that took money: all that is left of it (amount 0, once per
 * payment), or part of it under the caller's idempotency key (a compensation; several per payment).
 * The refund is booked first ({@link RefundBook}: the sum, the count and its turn decided under the
 * payment's lock), then taken to WeChat at once when its turn has come; what cannot be done now the
 * refund pump does later, under the same out_refund_no, never a second refund.
 */
public final class RefundPaymentLogic {
    /** The key of the one whole-payment refund a payment may have. */
    static final String FULL_KEY = "full";
    private final ServiceContext svc;

    public RefundPaymentLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RefundPaymentResp refundPayment(RefundPaymentReq in) {
        String orderSn = Validate.orderSn(in.getOrderSn());
        String reason = Validate.refundReason(in.getReason());
        if (in.getAmount() < 0 || in.getAmount() > Validate.MAX_PAY_TOTAL) {
            throw BizException.badParam("amount: " + in.getAmount() + " (expected 1.." + Validate.MAX_PAY_TOTAL + " fen, or 0 for all that is left)");
        }
        boolean whole = in.getAmount() == 0;
        if (!whole && in.getIdempotencyKey().isEmpty()) {
            throw BizException.badParam("idempotencyKey: empty (expected one with a partial amount, so a retry refunds once)");
        }
        // partial keys live apart from the keys this service books itself (full, cancel)
        String key = whole ? FULL_KEY : "p:" + Validate.idempotencyKey(in.getIdempotencyKey());
        // 1. the payment to give back
        ThirdPayment paid = payment(orderSn, in.getPaymentSn());
        // 2. booked before WeChat hears of it; 3. asked now if its turn has come
        ThirdRefund refund = RefundBook.book(svc, paid, whole ? RefundKind.FULL : RefundKind.PARTIAL, in.getAmount(), key, reason);
        RefundFlow.tryNow(svc, refund);
        return resp(svc, refund.sn(), 0);
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

    /** The refund {@code sn} as it stands now, with the fee a cancellation kept. */
    static RefundPaymentResp resp(ServiceContext svc, String sn, long fee) {
        ThirdRefund r = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneBySn(sn)).orElseThrow();
        boolean waiting = r.refundStatus() == ThirdRefund.PROCESSING && r.acceptedAt() == 0;
        return RefundPaymentResp.newBuilder().setRefundSn(r.sn()).setRefundStatus(r.refundStatus())
                .setRefundAmount(r.refundAmount()).setPaymentSn(r.paymentSn()).setFee(fee)
                .setNotBefore(waiting ? r.nextTryAt() : 0).build();
    }
}
