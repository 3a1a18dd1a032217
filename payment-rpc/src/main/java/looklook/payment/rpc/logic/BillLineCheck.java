package looklook.payment.rpc.logic;

import java.util.Optional;
import looklook.payment.rpc.channel.BillLine;
import looklook.payment.rpc.channel.PayChannel;
import looklook.payment.rpc.model.RefundKind;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.store.SqlErrors;
import looklook.proto.payment.UpdateRefundStatusReq;
import org.jdbi.v3.core.JdbiException;

/**
 * One line of a channel's trade bill against our books: empty when they agree, else the difference
 * (repaired already when its kind is repairable). Repairs go through the same logic as the notifies
 * and the refund pump, so a repair made here and a late notify cannot both take effect.
 */
final class BillLineCheck {
    /** A difference found on a line: its kind, the sn it is about and why. */
    record Found(BillDifference kind, String ref, String detail) {
    }

    private static final long DAY_MS = 86_400_000L;
    private final ServiceContext svc;
    private final PayChannel channel;

    BillLineCheck(ServiceContext svc, PayChannel channel) {
        this.svc = svc;
        this.channel = channel;
    }

    Optional<Found> check(BillLine l) {
        if (!l.refund() && !BillLine.SUCCESS.equals(l.tradeState())) {
            return Optional.empty(); // no money taken (a revoked or closed line): nothing to apply
        }
        return l.refund() ? refund(l) : payment(l);
    }

    private Optional<Found> payment(BillLine l) {
        Optional<ThirdPayment> found = payment(l.outTradeNo());
        if (found.isEmpty()) {
            return found(BillDifference.UNKNOWN_PAYMENT, l.outTradeNo(), "transaction " + l.transactionId() + " of "
                    + l.totalFen() + " fen");
        }
        ThirdPayment p = found.get();
        if (!channel.mode().code().equals(p.payMode())) {
            return found(BillDifference.PAYMENT_MISMATCH, p.sn(), channel.mode().code() + " took " + l.totalFen()
                    + " fen (transaction " + l.transactionId() + ") for a " + p.payMode() + " payment");
        }
        if (p.transactionId().equals(l.transactionId())) {
            return Optional.empty(); // applied already (paid, refunded, or late money being refunded)
        }
        if (!p.transactionId().isEmpty()) {
            return found(BillDifference.PAYMENT_MISMATCH, p.sn(), "transaction " + l.transactionId() + " (ours: "
                    + p.transactionId() + ")");
        }
        return switch (Trades.applySuccess(svc, p, channel.billTrade(l, p))) {
            case PAID -> found(BillDifference.DROPPED_NOTIFY, p.sn(), "paid at " + channel.mode().code() + ", waiting here: applied");
            case REFUNDING -> found(BillDifference.LATE_MONEY, p.sn(), "paid at " + channel.mode().code() + " after it was closed here: refunding");
            case MISMATCH -> found(BillDifference.PAYMENT_MISMATCH, p.sn(), "merchant " + l.merchant() + ", app " + l.app()
                    + ", " + l.totalFen() + " fen (ours: " + p.payTotal() + ")");
        };
    }

    private Optional<Found> refund(BillLine l) {
        Optional<ThirdRefund> ours = SnPrefix.THIRD_REFUND.matches(l.outRefundNo())
                ? svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneBySn(l.outRefundNo())) : Optional.empty();
        if ("CHANGE".equals(l.refundStatus())) {
            return found(BillDifference.REFUND_ABNORMAL, l.outRefundNo(), channel.mode().code() + " could not refund " + l.refundFen() + " fen");
        }
        if (!BillLine.SUCCESS.equals(l.refundStatus())) {
            return Optional.empty(); // still processing there, or failed: the refund pump follows ours
        }
        if (ours.isPresent()) {
            return ourRefund(ours.get(), l);
        }
        if (svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneByRefundId(l.refundId())).isPresent()) {
            return Optional.empty(); // an outside refund a previous run recorded
        }
        return outsideRefund(l, wholeRefund(l.outTradeNo()));
    }

    private Optional<Found> ourRefund(ThirdRefund r, BillLine l) {
        if (r.refundAmount() != l.refundFen()) {
            return found(BillDifference.REFUND_MISMATCH, r.sn(), l.refundFen() + " fen at " + channel.mode().code() + " (ours: " + r.refundAmount() + ")");
        }
        if (r.refundStatus() == ThirdRefund.SUCCESS) {
            return Optional.empty();
        }
        // ABNORMAL here, SUCCESS there: the abnormal refund was applied for (by hand, or its notify was lost)
        if (r.refundStatus() != ThirdRefund.PROCESSING && r.refundStatus() != ThirdRefund.ABNORMAL) {
            return found(BillDifference.REFUND_MISMATCH, r.sn(), "SUCCESS at " + channel.mode().code() + ", " + r.refundStatus() + " here");
        }
        settle(r, l);
        return found(BillDifference.REFUND_SETTLED, r.sn(), "settled at " + channel.mode().code() + ", processing here: settled");
    }

    private Optional<Found> outsideRefund(BillLine l, Optional<ThirdRefund> recorded) {
        Optional<ThirdPayment> found = payment(l.outTradeNo());
        if (found.isEmpty()) {
            return found(BillDifference.UNKNOWN_PAYMENT, l.outTradeNo(), "refund " + l.outRefundNo() + " of an unknown payment");
        }
        ThirdPayment p = found.get();
        boolean full = l.refundFen() == p.payTotal();
        if (full && recorded.isPresent() && recorded.get().refundStatus() == ThirdRefund.PROCESSING) {
            // ours never went through (WeChat refuses a second full refund) or a run stopped halfway: this is it
            settle(recorded.get(), l);
            return found(BillDifference.REFUND_OUTSIDE, l.outRefundNo(), "full refund made outside the backend: "
                    + recorded.get().sn() + " settled by it, order refunded");
        }
        if (recorded.isPresent() || !p.status().paysOrder() || !full) {
            return found(BillDifference.PARTIAL_REFUND_OUTSIDE, l.outRefundNo(), l.refundFen() + " of " + p.payTotal()
                    + " fen refunded outside the backend, payment " + p.sn() + " is " + p.status()
                    + (recorded.isPresent() ? " with refund " + recorded.get().sn() : ""));
        }
        // recorded as our refund, accepted already (the pump never asks WeChat for it), then settled like a notify;
        // a crash between the two leaves it processing, which the next run settles above
        ThirdRefund r = ThirdRefund.processing(svc.sns().next(SnPrefix.THIRD_REFUND), p, p.payTotal(), RefundKind.FULL,
                RefundPaymentLogic.FULL_KEY, "refunded outside the backend", svc.clock().millis() + DAY_MS);
        try {
            svc.jdbi().useTransaction(h -> {
                h.attach(ThirdRefundModel.class).insert(r);
                h.attach(ThirdRefundModel.class).accepted(r.sn(), svc.clock().millis(), svc.clock().millis() + DAY_MS);
            });
        } catch (JdbiException e) {
            if (!SqlErrors.isDuplicateKey(e)) {
                throw e;
            }
            // a refund of ours was written meanwhile: judge again with it
            return outsideRefund(l, wholeRefund(p.sn()));
        }
        settle(r, l);
        // everything went back outside: the payment's refunds still waiting their turn would ask for money that is gone
        svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.voidUnasked(p.sn(), r.sn(), "refunded in full outside the backend"));
        return found(BillDifference.REFUND_OUTSIDE, l.outRefundNo(), "full refund made outside the backend: recorded as "
                + r.sn() + ", order refunded");
    }

    /** The payment's one whole refund of ours (WeChat refuses a second refund of everything), if booked. */
    private Optional<ThirdRefund> wholeRefund(String paymentSn) {
        return svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findLatestByKey(paymentSn, RefundPaymentLogic.FULL_KEY));
    }

    private void settle(ThirdRefund r, BillLine l) {
        new UpdateRefundStatusLogic(svc).updateRefundStatus(UpdateRefundStatusReq.newBuilder().setRefundSn(r.sn())
                .setRefundStatus(ThirdRefund.SUCCESS).setRefundId(l.refundId()).setRefundAmount(l.refundFen()).build());
    }

    private Optional<ThirdPayment> payment(String sn) {
        return SnPrefix.THIRD_PAYMENT.matches(sn)
                ? svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(sn)) : Optional.empty();
    }

    private static Optional<Found> found(BillDifference kind, String ref, String detail) {
        return Optional.of(new Found(kind, ref, detail));
    }
}
