package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.outbox.OutboxEvent;
import looklook.proto.payment.UpdateTradeStateReq;
import looklook.proto.payment.UpdateTradeStateResp;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a payment along {@link PayStatus#canMoveTo} with a compare-and-set on the row, and writes
 * the pay status event in the same transaction, so of ten identical notifies exactly one changes
 * the row and exactly one event is published. Asking for the status the payment already has is a
 * success without change or event (duplicate and late notifies). A success reported for a payment
 * that no longer counts (closed or failed here) is late money: kept and refunded ({@link LateMoney}),
 * and the order never hears of it. A caller that still has the provider's amount to compare sends it
 * ({@code expectPayTotal}): a payment of another amount is left as it is.
 */
public final class UpdateTradeStateLogic {
    private static final Logger log = LoggerFactory.getLogger(UpdateTradeStateLogic.class);
    /** Every lost race leaves the payment one step further along an acyclic machine at most two steps deep. */
    private static final int MAX_ATTEMPTS = 3;
    private final ServiceContext svc;

    public UpdateTradeStateLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public UpdateTradeStateResp updateTradeState(UpdateTradeStateReq in) {
        String sn = Validate.paymentSn("sn", in.getSn());
        PayStatus to = Validate.payStatus(in.getPayStatus());
        if (to == PayStatus.SUCCESS && in.getTransactionId().isBlank()) {
            throw BizException.badParam("transactionId: empty (expected WeChat's transaction id for payStatus 1)");
        }
        // one connection and one SqlObject for the reads and the move
        return svc.jdbi().withHandle(h -> update(h, h.attach(ThirdPaymentModel.class), sn, to, in));
    }

    private UpdateTradeStateResp update(Handle h, ThirdPaymentModel m, String sn, PayStatus to, UpdateTradeStateReq in) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ThirdPayment p = find(m, sn);
            if (in.hasExpectPayTotal() && in.getExpectPayTotal() != p.payTotal()) {
                // a report of another amount is not this payment's: the caller refuses it, nothing moves
                return resp(p, false).toBuilder().setPayTotalMismatch(true).build();
            }
            PayStatus from = p.status();
            if (to == PayStatus.SUCCESS && (from == PayStatus.CLOSED || from == PayStatus.FAILED)) {
                boolean recorded = LateMoney.record(svc, h, p, in);
                return resp(find(m, sn), recorded);
            }
            if (to == PayStatus.SUCCESS && from == PayStatus.REFUNDED) {
                // the money was taken and has been given back: a late report of the success changes nothing
                return resp(p, false);
            }
            if (from == to) {
                if (!in.getTransactionId().isEmpty() && !in.getTransactionId().equals(p.transactionId())) {
                    log.warn("payment {} of order {} is already {} with transaction {}, not {}: ignored",
                            sn, p.orderSn(), to, p.transactionId(), in.getTransactionId());
                }
                return resp(p, false);
            }
            if (!from.canMoveTo(to)) {
                throw new BizException(ErrorCode.PAYMENT_PAY_STATUS_FORBIDDEN,
                        "payment " + sn + " cannot change from pay status " + from + " to " + to);
            }
            ThirdPayment moved = move(h, m, p, from, to, in);
            if (moved != null) {
                return resp(moved, true);
            }
            // another call moved it between our read and our write: judge again from where it is now
        }
        throw new BizException(ErrorCode.DB_UPDATE_AFFECTED_ZERO_ERROR, "payment " + sn + " kept changing while moving it to " + to);
    }

    /** The row as the move left it (not read back: the update sets exactly these), or null when another call moved it first. */
    private ThirdPayment move(Handle h, ThirdPaymentModel m, ThirdPayment p, PayStatus from, PayStatus to, UpdateTradeStateReq in) {
        ThirdPayment after = p.moved(to, or(in.getTradeState(), p.tradeState()), or(in.getTradeType(), p.tradeType()),
                or(in.getTransactionId(), p.transactionId()), or(in.getTradeStateDesc(), p.tradeStateDesc()),
                Math.max(0, in.getPayTime()), svc.clock().millis());
        OutboxEvent event = to.publishedFrom(from) ? PayStatusEvent.of(to, p.orderSn(), p.sn(),
                in.getRefundAmount() > 0 ? in.getRefundAmount() : p.payTotal(), svc.clock().instant()) : null;
        int moved;
        try {
            // m is attached to h: inside the transaction it runs on it
            moved = h.inTransaction(tx -> {
                int n = m.updatePayStatus(p.sn(), from.code(), to.code(), after.tradeState(), after.tradeType(),
                        after.transactionId(), after.tradeStateDesc(), Math.max(0, in.getPayTime()));
                if (n == 1 && event != null) {
                    svc.relay().add(tx, event); // handed to the relay when the transaction commits
                }
                return n;
            });
        } catch (JdbiException e) {
            throw new BizException(ErrorCode.DB_ERROR, "payment " + p.sn() + " to " + to + ": " + e.getMessage(), e);
        }
        if (moved == 1) {
            log.info("payment {} of order {} pay status {} -> {} transaction={} event={}", p.sn(), p.orderSn(), from, to,
                    in.getTransactionId(), event == null ? "-" : event.eventId());
        }
        return moved == 1 ? after : null;
    }

    private static ThirdPayment find(ThirdPaymentModel m, String sn) {
        return m.findOneBySn(sn).orElseThrow(() -> new BizException(ErrorCode.PAYMENT_NOT_FOUND, "payment " + sn + " not found"));
    }

    private static String or(String given, String current) {
        return given.isEmpty() ? current : given;
    }

    private static UpdateTradeStateResp resp(ThirdPayment p, boolean changed) {
        return UpdateTradeStateResp.newBuilder().setPaymentDetail(Protos.detail(p)).setChanged(changed).build();
    }
}
