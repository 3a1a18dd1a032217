package looklook.payment.rpc.logic;

import java.util.Optional;
import looklook.payment.rpc.model.RefundKind;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.ids.SnPrefix;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Books refunds of a payment, one at a time under a lock on the payment's row, so that however many
 * requests race, their sum never passes what the payment took, WeChat's 50 refunds per payment hold,
 * and each refund gets its turn a minute after the previous one (WeChat's rule: asked sooner it would
 * answer FREQUENCY_LIMITED). A refund whose turn is later waits in its row; the refund pump asks
 * WeChat when it comes. A key booked before answers the refund booked then.
 */
final class RefundBook {
    /** WeChat's limit of refunds per payment (closed ones count). */
    static final int MAX_REFUNDS = 50;
    /** Refunds that may take the place of one WeChat CLOSED before a person must look. */
    static final int MAX_TRIES = 3;
    private static final Logger log = LoggerFactory.getLogger(RefundBook.class);

    private RefundBook() {
    }

    /**
     * Books a refund of {@code amount} fen (0: all that is left) of {@code paid} under {@code key}, or
     * answers the one booked under it before (a differing amount or kind is refused).
     */
    static ThirdRefund book(ServiceContext svc, ThirdPayment paid, RefundKind kind, long amount, String key, String reason) {
        try {
            return svc.jdbi().inTransaction(h -> {
                long slot = h.attach(ThirdPaymentModel.class).lockRefundSlot(paid.sn()).orElseThrow(() ->
                        new BizException(ErrorCode.PAYMENT_NOT_FOUND, "payment " + paid.sn() + " not found"));
                ThirdRefundModel refunds = h.attach(ThirdRefundModel.class);
                Optional<ThirdRefund> before = refunds.findLatestByKey(paid.sn(), key);
                if (before.isPresent()) {
                    return same(before.get(), kind, amount, key);
                }
                long left = paid.payTotal() - refunds.sumRefundedByPaymentSn(paid.sn());
                long fen = amount == 0 ? left : amount;
                if (fen <= 0 || fen > left) {
                    throw new BizException(ErrorCode.REFUND_TOO_MUCH, "refund of " + (amount == 0 ? "all that is left" : fen + " fen")
                            + " of payment " + paid.sn() + ": " + left + " of its " + paid.payTotal() + " fen is left to refund");
                }
                if (refunds.countByPaymentSn(paid.sn()) >= MAX_REFUNDS) {
                    throw new BizException(ErrorCode.REFUND_NOT_ALLOWED, "payment " + paid.sn() + " has had " + MAX_REFUNDS
                            + " refunds, WeChat's limit");
                }
                ThirdRefund r = ThirdRefund.processing(svc.sns().next(SnPrefix.THIRD_REFUND), paid, fen, kind, key,
                        reason.isEmpty() ? kind.code() + " refund" : reason, takeTurn(svc, h, paid.sn(), slot));
                refunds.insert(r);
                return r;
            });
        } catch (JdbiException e) {
            throw new BizException(ErrorCode.DB_ERROR, "refund of payment " + paid.sn() + ": " + e.getMessage(), e);
        }
    }

    /**
     * In a transaction that saw {@code closed} CLOSED: books the refund that takes its place (the money
     * is refundable again at WeChat, under a new out_refund_no), unless it was the last of
     * {@link #MAX_TRIES} (an operator may go on: {@code byOperator}) or the payment has had WeChat's
     * 50 refunds. Returns the new refund.
     */
    static Optional<ThirdRefund> retryClosed(ServiceContext svc, Handle h, ThirdRefund closed, boolean byOperator) {
        int hash = closed.idemKey().lastIndexOf('#');
        String base = hash < 0 ? closed.idemKey() : closed.idemKey().substring(0, hash);
        int tries = hash < 0 ? 1 : Integer.parseInt(closed.idemKey().substring(hash + 1));
        long slot = h.attach(ThirdPaymentModel.class).lockRefundSlot(closed.paymentSn()).orElseThrow();
        boolean spent = h.attach(ThirdRefundModel.class).countByPaymentSn(closed.paymentSn()) >= MAX_REFUNDS;
        if ((tries >= MAX_TRIES && !byOperator) || spent) {
            log.error("refund {} of payment {} (order {}) CLOSED by WeChat, the {}th try{}: left for a person",
                    closed.sn(), closed.paymentSn(), closed.orderSn(), tries, spent ? " and the payment's 50th refund" : "");
            return Optional.empty();
        }
        ThirdRefund next = closed.retry(svc.sns().next(SnPrefix.THIRD_REFUND), base + "#" + (tries + 1),
                takeTurn(svc, h, closed.paymentSn(), slot));
        h.attach(ThirdRefundModel.class).insert(next);
        log.warn("refund {} of payment {} (order {}) CLOSED by WeChat: refund {} takes its place", closed.sn(),
                closed.paymentSn(), closed.orderSn(), next.sn());
        return Optional.of(next);
    }

    /** The moment this refund may be asked of WeChat (now, or the payment's next turn); the turn after is a gap later. */
    private static long takeTurn(ServiceContext svc, Handle h, String paymentSn, long slot) {
        long at = Math.max(svc.clock().millis(), slot);
        h.attach(ThirdPaymentModel.class).setRefundSlot(paymentSn, at + svc.config().refundSpacingMs());
        return at;
    }

    private static ThirdRefund same(ThirdRefund before, RefundKind kind, long amount, String key) {
        // a cancellation's amount is the policy's at the moment: two racing ones may differ by a day; the first counts
        boolean amountMatters = amount != 0 && kind != RefundKind.CANCEL;
        if (!before.kind().equals(kind.code()) || (amountMatters && amount != before.refundAmount())) {
            throw new BizException(ErrorCode.REFUND_KEY_REUSED, "idempotency key " + key + " booked refund " + before.sn()
                    + " (" + before.kind() + ", " + before.refundAmount() + " fen), not " + kind.code() + " of " + amount + " fen");
        }
        return before;
    }
}
