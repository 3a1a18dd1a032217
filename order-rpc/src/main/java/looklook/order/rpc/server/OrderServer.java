package looklook.order.rpc.server;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import looklook.order.rpc.logic.CheckInHomestayOrderLogic;
import looklook.order.rpc.logic.CreateHomestayOrderLogic;
import looklook.order.rpc.logic.ExpireHomestayOrdersLogic;
import looklook.order.rpc.logic.HomestayDetailLogic;
import looklook.order.rpc.logic.HomestayListLogic;
import looklook.order.rpc.logic.HomestayOrderDetailLogic;
import looklook.order.rpc.logic.ListOverdueHomestayOrdersLogic;
import looklook.order.rpc.logic.UpdateHomestayOrderTradeStateLogic;
import looklook.order.rpc.logic.UserHomestayOrderListLogic;
import looklook.order.rpc.svc.ServiceContext;
import looklook.proto.order.CheckInHomestayOrderReq;
import looklook.proto.order.CheckInHomestayOrderResp;
import looklook.proto.order.CreateHomestayOrderReq;
import looklook.proto.order.CreateHomestayOrderResp;
import looklook.proto.order.ExpireHomestayOrdersReq;
import looklook.proto.order.ExpireHomestayOrdersResp;
import looklook.proto.order.HomestayDetailReq;
import looklook.proto.order.HomestayDetailResp;
import looklook.proto.order.HomestayListReq;
import looklook.proto.order.HomestayListResp;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.ListOverdueHomestayOrdersReq;
import looklook.proto.order.ListOverdueHomestayOrdersResp;
import looklook.proto.order.HomestayOrderDetailResp;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateResp;
import looklook.proto.order.UserHomestayOrderListReq;
import looklook.proto.order.UserHomestayOrderListResp;
import looklook.proto.order.orderGrpc;

/** The gRPC adapter: one line per RPC; exceptions are mapped by the server's interceptor. */
public final class OrderServer extends orderGrpc.orderImplBase {
    private final ServiceContext svc;

    public OrderServer(ServiceContext svc) {
        this.svc = svc;
    }

    @Override
    public void createHomestayOrder(CreateHomestayOrderReq req, StreamObserver<CreateHomestayOrderResp> out) {
        reply(out, () -> new CreateHomestayOrderLogic(svc).createHomestayOrder(req));
    }

    @Override
    public void homestayOrderDetail(HomestayOrderDetailReq req, StreamObserver<HomestayOrderDetailResp> out) {
        reply(out, () -> new HomestayOrderDetailLogic(svc).homestayOrderDetail(req));
    }

    @Override
    public void updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq req,
                                              StreamObserver<UpdateHomestayOrderTradeStateResp> out) {
        reply(out, () -> new UpdateHomestayOrderTradeStateLogic(svc).updateHomestayOrderTradeState(req));
    }

    @Override
    public void userHomestayOrderList(UserHomestayOrderListReq req, StreamObserver<UserHomestayOrderListResp> out) {
        reply(out, () -> new UserHomestayOrderListLogic(svc).userHomestayOrderList(req));
    }

    @Override
    public void homestayDetail(HomestayDetailReq req, StreamObserver<HomestayDetailResp> out) {
        reply(out, () -> new HomestayDetailLogic(svc).homestayDetail(req));
    }

    @Override
    public void homestayList(HomestayListReq req, StreamObserver<HomestayListResp> out) {
        reply(out, () -> new HomestayListLogic(svc).homestayList(req));
    }

    @Override
    public void expireHomestayOrders(ExpireHomestayOrdersReq req, StreamObserver<ExpireHomestayOrdersResp> out) {
        reply(out, () -> new ExpireHomestayOrdersLogic(svc).expireHomestayOrders(req));
    }

    @Override
    public void listOverdueHomestayOrders(ListOverdueHomestayOrdersReq req, StreamObserver<ListOverdueHomestayOrdersResp> out) {
        reply(out, () -> new ListOverdueHomestayOrdersLogic(svc).listOverdueHomestayOrders(req));
    }

    @Override
    public void checkInHomestayOrder(CheckInHomestayOrderReq req, StreamObserver<CheckInHomestayOrderResp> out) {
        reply(out, () -> new CheckInHomestayOrderLogic(svc).checkInHomestayOrder(req));
    }

    private static <T> void reply(StreamObserver<T> out, Supplier<T> logic) {
        out.onNext(logic.get());
        out.onCompleted();
    }
}
