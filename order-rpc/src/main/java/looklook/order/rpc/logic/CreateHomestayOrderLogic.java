package looklook.order.rpc.logic;

import java.time.Duration;
import java.time.Instant;
import looklook.order.rpc.model.Homestay;
import looklook.order.rpc.model.HomestayModel;
import looklook.order.rpc.model.HomestayOrder;
import looklook.order.rpc.model.HomestayOrderModel;
import looklook.order.rpc.model.UserOrderLockModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.ids.SnPrefix;
import looklook.proto.order.CreateHomestayOrderReq;
import looklook.proto.order.CreateHomestayOrderResp;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Books a home: prices the stay from the catalog, stores the order waiting for payment with a
 * snapshot of the home, and, in the same transaction, the job that closes it if still unpaid.
 * A user has at most {@code MaxUnpaidOrders} orders waiting for payment (120005 past it).
 */
public final class CreateHomestayOrderLogic {
    private static final Logger log = LoggerFactory.getLogger(CreateHomestayOrderLogic.class);
    private final ServiceContext svc;

    public CreateHomestayOrderLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public CreateHomestayOrderResp createHomestayOrder(CreateHomestayOrderReq in) {
        // 1. validate what needs no database
        long userId = Validate.id("userId", in.getUserId());
        long homestayId = Validate.id("homestayId", in.getHomestayId());
        Stay stay = Stay.of(in.getLiveStartTime(), in.getLiveEndTime(), svc.clock());
        String remark = Validate.remark(in.getRemark());

        // 2. price it from the catalog
        Homestay home = svc.jdbi().withExtension(HomestayModel.class, m -> m.findOne(homestayId))
                .orElseThrow(() -> new BizException(ErrorCode.HOMESTAY_NOT_FOUND, "homestay " + homestayId + " not found"));
        if (!home.onSale()) {
            throw new BizException(ErrorCode.HOMESTAY_NOT_ON_SALE, "homestay " + homestayId + " is not on sale");
        }
        int people = livePeople(in.getLivePeopleNum(), home);
        OrderPrice price = OrderPrice.of(home, stay, people, in.getIsFood());

        // 3. the order and its close job commit together, or neither does
        Instant closeAt = svc.clock().instant().plus(Duration.ofSeconds(svc.config().closeOrderDelay()));
        HomestayOrder order = newOrder(userId, home, stay, people, in.getIsFood(), remark, price, closeAt);
        int maxUnpaid = svc.config().maxUnpaidOrders();
        try {
            svc.jdbi().useTransaction(h -> {
                HomestayOrderModel orders = h.attach(HomestayOrderModel.class);
                if (maxUnpaid > 0) {
                    checkUnpaidBound(h, orders, userId, maxUnpaid);
                }
                orders.insert(order);
                svc.outboxRelay().add(h, CloseOrderJob.event(order.sn(), closeAt));
            });
        } catch (JdbiException e) {
            throw new BizException(ErrorCode.DB_ERROR, "create order " + order.sn() + ": " + e.getMessage(), e);
        }
        log.info("order {} created user={} homestay={} nights={} total={} closeAt={}",
                order.sn(), userId, homestayId, stay.nights(), price.orderTotal(), closeAt);
        return CreateHomestayOrderResp.newBuilder().setSn(order.sn()).build();
    }

    /**
     * Refuses a new order past the bound. The user's lock row serializes their creates, so the count
     * includes every order of theirs committed before: two concurrent creates cannot both see room.
     */
    private static void checkUnpaidBound(Handle h, HomestayOrderModel orders, long userId, int max) {
        h.attach(UserOrderLockModel.class).lock(userId);
        int unpaid = orders.countWaitingPay(userId);
        if (unpaid >= max) {
            throw new BizException(ErrorCode.ORDER_TOO_MANY_UNPAID, "you have " + unpaid
                    + " unpaid orders (at most " + max + "); pay one or wait until it closes");
        }
    }

    private static int livePeople(long people, Homestay home) {
        if (people < 1 || people > home.peopleNum()) {
            throw BizException.badParam("livePeopleNum: " + people + " (expected 1.." + home.peopleNum()
                    + ", the capacity of homestay " + home.id() + ")");
        }
        return (int) people;
    }

    private HomestayOrder newOrder(long userId, Homestay home, Stay stay, int people, boolean needFood, String remark,
                                   OrderPrice price, Instant payDeadline) {
        return new HomestayOrder(0, svc.sns().next(SnPrefix.HOMESTAY_ORDER), userId, home.id(),
                home.title(), home.subTitle(), home.cover(), home.info(), home.peopleNum(), home.rowType(), needFood,
                home.foodInfo(), home.foodPrice(), home.homestayPrice(), home.marketHomestayPrice(),
                home.homestayBusinessId(), home.userId(), stay.start(), stay.end(), people,
                OrderTradeState.WAIT_PAY.code(), svc.tradeCodes().next(), remark,
                price.orderTotal(), price.foodTotal(), price.homestayTotal(), payDeadline.getEpochSecond(), null, 0);
    }
}
