package looklook.order.rpc.logic;

import java.time.LocalDate;
import looklook.order.rpc.model.HomestayOrderModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.store.Deadlocks;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.order.ExpireHomestayOrdersReq;
import looklook.proto.order.ExpireHomestayOrdersResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Paid, unused orders whose stay has ended become expired (4): the daily job's work. */
public final class ExpireHomestayOrdersLogic {
    private static final Logger log = LoggerFactory.getLogger(ExpireHomestayOrdersLogic.class);
    private final ServiceContext svc;

    public ExpireHomestayOrdersLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public ExpireHomestayOrdersResp expireHomestayOrders(ExpireHomestayOrdersReq in) {
        if (in.getLimit() < 1 || in.getLimit() > 10_000) {
            throw BizException.badParam("limit: " + in.getLimit() + " (expected 1..10000)");
        }
        LocalDate today = LocalDate.ofInstant(svc.clock().instant(), WxTimes.SHANGHAI);
        int expired = Deadlocks.retry("expire orders before " + today, () -> svc.jdbi().withExtension(HomestayOrderModel.class,
                m -> m.expirePaidBefore(today, (int) in.getLimit())));
        log.info("{} paid order(s) with check-out before {} expired", expired, today);
        return ExpireHomestayOrdersResp.newBuilder().setExpired(expired).build();
    }
}
