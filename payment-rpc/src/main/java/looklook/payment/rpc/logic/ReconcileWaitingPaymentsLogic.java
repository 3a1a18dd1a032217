package looklook.payment.rpc.logic;

import com.wechat.pay.java.service.payments.model.Transaction;
import java.util.List;
import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile tick: payments still waiting a while after their creation are looked up at WeChat,
 * and a SUCCESS there is applied like the notify that never arrived.
 */
public final class ReconcileWaitingPaymentsLogic {
    private static final Logger log = LoggerFactory.getLogger(ReconcileWaitingPaymentsLogic.class);
    private final ServiceContext svc;

    public ReconcileWaitingPaymentsLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public ReconcileWaitingPaymentsResp reconcileWaitingPayments(ReconcileWaitingPaymentsReq in) {
        if (in.getOlderThanSeconds() < 0 || in.getLimit() < 1 || in.getLimit() > 1000) {
            throw BizException.badParam("olderThanSeconds " + in.getOlderThanSeconds() + " / limit " + in.getLimit()
                    + " (expected >= 0 / 1..1000)");
        }
        List<ThirdPayment> waiting = svc.jdbi().withExtension(ThirdPaymentModel.class,
                m -> m.listWaitingOlderThan(in.getOlderThanSeconds(), (int) in.getLimit()));
        long paid = 0;
        for (ThirdPayment p : waiting) {
            try {
                Optional<Transaction> t = WxPayments.query(svc, p.sn());
                if (t.isPresent() && WxPayments.succeeded(t.get()) && WxPayments.applySuccess(svc, p, t.get())) {
                    paid++;
                    log.warn("payment {} of order {} was paid but its notify never came: applied now", p.sn(), p.orderSn());
                }
            } catch (RuntimeException e) {
                log.warn("payment {}: cannot reconcile now: {}", p.sn(), e.toString());
            }
        }
        return ReconcileWaitingPaymentsResp.newBuilder().setChecked(waiting.size()).setPaid(paid).build();
    }
}
