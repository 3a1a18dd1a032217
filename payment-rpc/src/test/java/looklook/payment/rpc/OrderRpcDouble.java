package looklook.payment.rpc;

import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.rpc.RpcServer;
import looklook.pkg.rpc.RpcServerConf;
import looklook.proto.order.HomestayOrder;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.HomestayOrderDetailResp;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateResp;
import looklook.proto.order.orderGrpc;

/**
 * order-rpc as payment-rpc sees it, served on loopback gRPC over the orders a test puts here: the
 * detail of an order and its state moves, each a compare-and-set by {@link OrderTradeState#canMoveTo}
 * as order-rpc's are, so a test can race a check-in against a cancellation without the order service.
 */
final class OrderRpcDouble extends orderGrpc.orderImplBase implements AutoCloseable {
    /** The orders order-rpc "has", by sn. */
    final Map<String, HomestayOrder> orders = new ConcurrentHashMap<>();
    /** Orders the landlord checks in an instant before the next state move asked for them. */
    final Set<String> checkInFirst = ConcurrentHashMap.newKeySet();
    private final RpcServer server;

    OrderRpcDouble() throws Exception {
        server = new RpcServer(new RpcServerConf("127.0.0.1:0", null, 5000), new SimpleMeterRegistry(), List.of(this)).start();
    }

    /** Where payment-rpc finds it. */
    RpcClientConf conf() {
        return RpcClientConf.direct(List.of("127.0.0.1:" + server.port()));
    }

    /** The landlord checks the guest in: paid to used, a compare-and-set; true when it moved the order. */
    boolean checkIn(String sn) {
        AtomicBoolean moved = new AtomicBoolean();
        orders.computeIfPresent(sn, (k, o) -> {
            if (o.getTradeState() != OrderTradeState.PAID.code()) {
                return o;
            }
            moved.set(true);
            return o.toBuilder().setTradeState(OrderTradeState.USED.code()).build();
        });
        return moved.get();
    }

    @Override
    public void homestayOrderDetail(HomestayOrderDetailReq req, StreamObserver<HomestayOrderDetailResp> out) {
        HomestayOrderDetailResp.Builder r = HomestayOrderDetailResp.newBuilder();
        HomestayOrder o = orders.get(req.getSn());
        if (o != null) {
            r.setHomestayOrder(o);
        }
        out.onNext(r.build());
        out.onCompleted();
    }

    @Override
    public void updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq req, StreamObserver<UpdateHomestayOrderTradeStateResp> out) {
        if (checkInFirst.remove(req.getSn())) {
            checkIn(req.getSn());
        }
        OrderTradeState to = OrderTradeState.of(req.getTradeState()).orElseThrow();
        AtomicReference<BizException> refused = new AtomicReference<>();
        AtomicBoolean changed = new AtomicBoolean();
        HomestayOrder after = orders.compute(req.getSn(), (sn, o) -> {
            if (o == null) {
                refused.set(new BizException(ErrorCode.ORDER_NOT_FOUND));
                return null;
            }
            OrderTradeState from = OrderTradeState.of(o.getTradeState()).orElseThrow();
            if (from == to) {
                return o;
            }
            if (!from.canMoveTo(to)) {
                refused.set(new BizException(ErrorCode.ORDER_TRADE_STATE_FORBIDDEN, sn + " is " + from));
                return o;
            }
            changed.set(true);
            return o.toBuilder().setTradeState(to.code()).setRefundAmount(req.getRefundAmount()).build();
        });
        if (refused.get() != null) {
            throw refused.get();
        }
        out.onNext(UpdateHomestayOrderTradeStateResp.newBuilder().setSn(after.getSn())
                .setTradeState(after.getTradeState()).setChanged(changed.get()).build());
        out.onCompleted();
    }

    @Override
    public void close() {
        server.close();
    }
}
