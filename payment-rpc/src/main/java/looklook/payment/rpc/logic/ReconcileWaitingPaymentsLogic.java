package looklook.payment.rpc.logic;

import com.wechat.pay.java.service.payments.model.Transaction;
import io.grpc.Context;
import java.util.List;
import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.wechat.WxTransactionCheck;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile tick: payments still waiting a while after their creation are looked up at WeChat;
 * money taken there (SUCCESS, or REFUND: paid and refunded by hand since) is applied like the notify
 * that never arrived, an answer that cannot be verified leaves the payment as it is for the next
 * tick, a payment WeChat closed (its own close at time_expire included) is closed here, and a
 * payment WeChat can no longer take money for (past its time_expire) is closed there and here, so no
 * payment waits forever. The
 * scan walks by id from the caller's cursor: payments it cannot settle now never hide newer ones.
 */
public final class ReconcileWaitingPaymentsLogic {
    private static final Logger log = LoggerFactory.getLogger(ReconcileWaitingPaymentsLogic.class);
    private final ServiceContext svc;

    public ReconcileWaitingPaymentsLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public ReconcileWaitingPaymentsResp reconcileWaitingPayments(ReconcileWaitingPaymentsReq in) {
        if (in.getOlderThanSeconds() < 0 || in.getLimit() < 1 || in.getLimit() > 1000 || in.getAfterId() < 0) {
            throw BizException.badParam("olderThanSeconds " + in.getOlderThanSeconds() + " / limit " + in.getLimit()
                    + " / afterId " + in.getAfterId() + " (expected >= 0 / 1..1000 / >= 0)");
        }
        List<ThirdPayment> waiting = svc.jdbi().withExtension(ThirdPaymentModel.class,
                m -> m.listWaitingOlderThan(in.getOlderThanSeconds(), in.getAfterId(), (int) in.getLimit()));
        long paid = 0;
        long closed = 0;
        long lastId = in.getAfterId();
        boolean stoppedEarly = false;
        for (ThirdPayment p : waiting) {
            if (Context.current().isCancelled()) {
                stoppedEarly = true; // the caller gave up; the cursor says where to go on
                break;
            }
            lastId = p.id();
            try {
                switch (reconcile(p)) {
                    case PAID -> paid++;
                    case CLOSED -> closed++;
                    case WAITING -> { }
                }
            } catch (RuntimeException e) {
                log.warn("payment {}: cannot reconcile now: {}", p.sn(), e.toString());
            }
        }
        boolean more = stoppedEarly || waiting.size() == in.getLimit();
        return ReconcileWaitingPaymentsResp.newBuilder().setChecked(waiting.size()).setPaid(paid).setClosed(closed)
                .setNextAfterId(more ? lastId : 0).build();
    }

    private enum Outcome { PAID, CLOSED, WAITING }

    private Outcome reconcile(ThirdPayment p) {
        Optional<Transaction> t = WxPayments.query(svc, p.sn());
        if (t.isPresent() && WxTransactionCheck.tookMoney(t.get())) {
            if (WxPayments.applySuccess(svc, p, t.get()) == WxPayments.Applied.PAID) {
                log.warn("payment {} of order {} was paid but its notify never came: applied now", p.sn(), p.orderSn());
                return Outcome.PAID;
            }
            return Outcome.WAITING;
        }
        if (t.isPresent() && WxTransactionCheck.closedUnpaid(t.get())) {
            // WeChat closed it (at its time_expire, which may come before ours plus the grace): no money can come
            WxPayments.markClosed(svc, p, "CLOSED");
            log.info("payment {} of order {} closed at WeChat unpaid: closed", p.sn(), p.orderSn());
            return Outcome.CLOSED;
        }
        if (!WxPayments.unpayableAtWeChat(svc, p)) {
            return Outcome.WAITING;
        }
        // past time_expire WeChat takes no money for it: close it there (if it knows it) and here
        if (t.isPresent()) {
            Optional<Transaction> paid = WxPayments.closeOrFindPaid(svc, p.sn());
            if (paid.isPresent()) {
                return WxPayments.applySuccess(svc, p, paid.get()) == WxPayments.Applied.PAID ? Outcome.PAID : Outcome.WAITING;
            }
        }
        WxPayments.markClosed(svc, p, t.isPresent() ? "CLOSED" : "NOT_AT_WECHAT");
        log.info("payment {} of order {} expired unpaid: closed", p.sn(), p.orderSn());
        return Outcome.CLOSED;
    }
}
