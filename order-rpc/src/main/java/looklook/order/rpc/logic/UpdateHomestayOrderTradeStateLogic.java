package looklook.order.rpc.logic;

import looklook.order.rpc.model.HomestayOrder;
import looklook.order.rpc.model.HomestayOrderModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.store.Deadlocks;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateResp;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an order along the trade-state machine ({@link OrderTradeState#canMoveTo}) with a
 * compare-and-set on the row, so of two concurrent moves (paid vs closed) exactly one wins and
 * the other is refused. Asking for the state the order already has is a success without change. The
 * move to paid queues the user's pay-success notification in its own transaction (outbox): exactly
 * once per order, whoever moved it (order-mq on the pay event, the close job, the repair tick).
 */
public final class UpdateHomestayOrderTradeStateLogic {
    private static final Logger log = LoggerFactory.getLogger(UpdateHomestayOrderTradeStateLogic.class);
    /** Every lost race leaves the order one step further along an acyclic machine at most two steps deep. */
    private static final int MAX_ATTEMPTS = 3;
    private final ServiceContext svc;

    public UpdateHomestayOrderTradeStateLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public UpdateHomestayOrderTradeStateResp updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq in) {
        String sn = Validate.sn(in.getSn());
        OrderTradeState to = Validate.tradeState("tradeState", in.getTradeState());
        long refundAmount = in.getRefundAmount();
        if (refundAmount < 0 || (refundAmount > 0 && to != OrderTradeState.REFUNDED)) {
            throw BizException.badParam("refundAmount: " + refundAmount + " (expected fen >= 0, and only with tradeState 3)");
        }
        // one connection and one SqlObject for the reads and the move
        return svc.jdbi().withHandle(h -> move(h, h.attach(HomestayOrderModel.class), sn, to, refundAmount));
    }

    private UpdateHomestayOrderTradeStateResp move(Handle h, HomestayOrderModel m, String sn, OrderTradeState to, long refundAmount) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            HomestayOrder order = m.findOneBySn(sn)
                    .orElseThrow(() -> new BizException(ErrorCode.ORDER_NOT_FOUND, "order " + sn + " not found"));
            OrderTradeState from = order.state();
            if (from == to) {
                return resp(order, false);
            }
            if (!from.canMoveTo(to)) {
                throw new BizException(ErrorCode.ORDER_TRADE_STATE_FORBIDDEN,
                        "order " + sn + " cannot change from trade state " + from + " to " + to);
            }
            int moved = Deadlocks.retry("order " + sn + " to " + to, () -> compareAndSet(h, m, sn, from, to, refundAmount));
            if (moved == 1) {
                log.info("order {} trade state {} -> {}{}", sn, from, to, to == OrderTradeState.REFUNDED ? " (" + refundAmount + " fen back)" : "");
                return resp(order.withState(to, to == OrderTradeState.REFUNDED ? refundAmount : order.refundAmount()), true);
            }
            // another call moved it between our read and our write: judge again from where it is now
        }
        throw new BizException(ErrorCode.DB_UPDATE_AFFECTED_ZERO_ERROR,
                "order " + sn + " kept changing while moving it to " + to);
    }

    /** The compare-and-set; the move to paid writes the user's notification in the same transaction. */
    private int compareAndSet(Handle h, HomestayOrderModel m, String sn, OrderTradeState from, OrderTradeState to, long refundAmount) {
        if (to == OrderTradeState.REFUNDED) {
            return m.refund(sn, from.code(), refundAmount);
        }
        if (to != OrderTradeState.PAID) {
            return m.updateTradeState(sn, from.code(), to.code());
        }
        // m is attached to h: inside the transaction it runs on it
        // the relay is handed the job when the transaction commits
        return h.inTransaction(tx -> {
            int n = m.updateTradeState(sn, from.code(), to.code());
            if (n == 1) {
                svc.outboxRelay().add(tx, CloseOrderJob.notifyPaid(sn, svc.clock().instant()));
            }
            return n;
        });
    }

    private static UpdateHomestayOrderTradeStateResp resp(HomestayOrder o, boolean changed) {
        return UpdateHomestayOrderTradeStateResp.newBuilder()
                .setId(o.id()).setUserId(o.userId()).setSn(o.sn()).setTradeCode(o.tradeCode())
                .setLiveStartDate(Stay.epochSecond(o.liveStartDate())).setLiveEndDate(Stay.epochSecond(o.liveEndDate()))
                .setOrderTotalPrice(o.orderTotalPrice()).setTitle(o.title())
                .setTradeState(o.tradeState()).setChanged(changed)
                .build();
    }
}
