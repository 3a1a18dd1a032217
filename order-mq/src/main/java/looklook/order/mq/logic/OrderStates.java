package looklook.order.mq.logic;

import looklook.order.mq.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.kafka.PoisonMessageException;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateResp;

/**
 * The order-rpc calls both logics make. An order that does not exist, or an sn order-rpc refuses,
 * will never succeed however often it is retried: those become {@link PoisonMessageException}s.
 * order-rpc down or past its deadline reaches us as RpcCalls' 100001 with the gRPC status as its
 * cause, which the queue reads as a dependency outage ({@link looklook.pkg.kafka.DependencyFailures}):
 * the event waits, its tries unspent, until order-rpc answers. Anything else (an unexpected error
 * inside order-rpc) is the event's own failure: tried again, then dead-lettered with the reason.
 */
final class OrderStates {
    private OrderStates() {
    }

    /** Moves the order to {@code to}: a compare-and-set in order-rpc; the state it already has is a success with changed=false. */
    static UpdateHomestayOrderTradeStateResp move(ServiceContext svc, String sn, OrderTradeState to) {
        UpdateHomestayOrderTradeStateReq req = UpdateHomestayOrderTradeStateReq.newBuilder()
                .setSn(sn).setTradeState(to.code()).build();
        try {
            return RpcCalls.call(() -> svc.orderRpc().updateHomestayOrderTradeState(req));
        } catch (BizException e) {
            throw poisonIfPermanent(sn, e);
        }
    }

    /** The order's state now. */
    static OrderTradeState current(ServiceContext svc, String sn) {
        HomestayOrderDetailReq req = HomestayOrderDetailReq.newBuilder().setSn(sn).build();
        var resp = RpcCalls.call(() -> svc.orderRpc().homestayOrderDetail(req));
        if (!resp.hasHomestayOrder()) {
            throw new PoisonMessageException("order " + sn + " not found", null);
        }
        long code = resp.getHomestayOrder().getTradeState();
        return OrderTradeState.of(code).orElseThrow(() -> new IllegalStateException("order " + sn + ": unknown trade state " + code));
    }

    /** True when {@code e} is order-rpc refusing the move from the order's present state. */
    static boolean refused(BizException e) {
        return e.is(ErrorCode.ORDER_TRADE_STATE_FORBIDDEN);
    }

    /** {@code e} as a poison message when retrying can never help, else {@code e}. */
    static RuntimeException poisonIfPermanent(String sn, BizException e) {
        if (e.is(ErrorCode.ORDER_NOT_FOUND)) {
            return new PoisonMessageException("order " + sn + " not found", e);
        }
        if (e.is(ErrorCode.REQUEST_PARAM_ERROR)) {
            return new PoisonMessageException("order-rpc refused order sn " + sn + ": " + e.userMessage(), e);
        }
        return e;
    }
}
