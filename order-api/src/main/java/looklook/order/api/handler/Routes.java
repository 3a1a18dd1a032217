package looklook.order.api.handler;

import looklook.order.api.logic.CheckInLogic;
import looklook.order.api.logic.CreateHomestayOrderLogic;
import looklook.order.api.logic.HomestayDetailLogic;
import looklook.order.api.logic.HomestayListLogic;
import looklook.order.api.logic.UserHomestayOrderDetailLogic;
import looklook.order.api.logic.UserHomestayOrderListLogic;
import looklook.order.api.svc.ServiceContext;
import looklook.order.api.types.Types;
import looklook.pkg.rest.RestServer;

/** The routes of order-api (go-zero's handler/routes.go): path, body type, logic. */
public final class Routes {
    private static final String PREFIX = "/order/v1";

    private Routes() {
    }

    public static RestServer register(RestServer server, ServiceContext svc) {
        return server
                // the orders: behind JWT, always the caller's own
                .post(PREFIX + "/homestayOrder/createHomestayOrder", Types.CreateHomestayOrderReq.class, svc.tokens(),
                        (userId, req) -> new CreateHomestayOrderLogic(svc).createHomestayOrder(userId, req))
                .post(PREFIX + "/homestayOrder/userHomestayOrderList", Types.UserHomestayOrderListReq.class, svc.tokens(),
                        (userId, req) -> new UserHomestayOrderListLogic(svc).userHomestayOrderList(userId, req))
                .post(PREFIX + "/homestayOrder/userHomestayOrderDetail", Types.UserHomestayOrderDetailReq.class, svc.tokens(),
                        (userId, req) -> new UserHomestayOrderDetailLogic(svc).userHomestayOrderDetail(userId, req))
                // the landlord's side of an order: order-rpc checks that the caller is its landlord
                .post(PREFIX + "/homestayOrder/checkIn", Types.CheckInReq.class, svc.tokens(),
                        (userId, req) -> new CheckInLogic(svc).checkIn(userId, req))
                // the catalog: public, as looklook's travel api
                .post(PREFIX + "/homestay/homestayList", Types.HomestayListReq.class,
                        req -> new HomestayListLogic(svc).homestayList(req))
                .post(PREFIX + "/homestay/homestayDetail", Types.HomestayDetailReq.class,
                        req -> new HomestayDetailLogic(svc).homestayDetail(req));
    }
}
