package looklook.order.rpc.logic;

import java.time.LocalDate;
import java.time.ZoneId;
import looklook.order.rpc.model.HomestayOrderModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.proto.order.ExpireHomestayOrdersReq;
import looklook.proto.order.ExpireHomestayOrdersResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Paid, unused orders whose stay has ended become expired (4): the daily job's work. */
public final class ExpireHomestayOrdersLogic {
    private static final Logger log = LoggerFactory.getLogger(ExpireHomestayOrdersLogic.class);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final ServiceContext svc;

    public ExpireHomestayOrdersLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public ExpireHomestayOrdersResp expireHomestayOrders(ExpireHomestayOrdersReq in) {
        if (in.getLimit() < 1 || in.getLimit() > 10_000) {
            throw BizException.badParam("limit: " + in.getLimit() + " (expected 1..10000)");
        }
        LocalDate today = LocalDate.ofInstant(svc.clock().instant(), SHANGHAI);
        int expired = svc.jdbi().withExtension(HomestayOrderModel.class, m -> m.expirePaidBefore(today, (int) in.getLimit()));
        log.info("{} paid order(s) with check-out before {} expired", expired, today);
        return ExpireHomestayOrdersResp.newBuilder().setExpired(expired).build();
    }
}
