package looklook.payment.rpc.logic;

import java.util.List;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;

/**
 * One round of the refund pump (the relay of refund rows, which are their own outbox): every
 * processing refund whose turn has come is taken by one replica (a compare-and-set on its next try)
 * and moved one step along {@link RefundFlow}: its order held, WeChat asked, or WeChat queried
 * until it settles (a refund whose notify was lost is settled so).
 */
public final class RefundPumpLogic {
    /** Rows per round. */
    public static final int BATCH = 20;
    private final ServiceContext svc;

    public RefundPumpLogic(ServiceContext svc) {
        this.svc = svc;
    }

    /** Returns the refunds looked at. */
    public int pumpOnce() {
        long now = svc.clock().millis();
        List<ThirdRefund> due = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.listDue(now, BATCH));
        for (ThirdRefund r : due) {
            if (RefundFlow.claim(svc, r, now)) {
                RefundFlow.advance(svc, r);
            }
        }
        return due.size();
    }
}
