package looklook.payment.rpc.logic;

import io.grpc.Context;
import java.util.List;
import java.util.Optional;
import looklook.payment.rpc.channel.PayChannel;
import looklook.payment.rpc.channel.ProviderTrade;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile tick: payments still waiting a while after their creation are looked up at their
 * provider (their channel, by pay_mode); money taken there (paid, or paid and refunded by hand since)
 * is applied like the notify
 * that never arrived, an answer that cannot be verified leaves the payment as it is for the next
 * tick, a payment the provider closed (its own close at time_expire included) is closed here, and a
 * payment the provider can no longer take money for (past its time_expire) is closed there and here (here
 * alone, its provider not asked, when it awaits a mark it never got: {@link MarkPrepaidLogic}), so no
 * payment waits forever, even while its provider is down. The
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

    private Outcome reconcile(ThirdPayment read) {
        ThirdPayment p = read;
        if (Trades.unpayable(svc, read)) {
            Trades.GiveUp g = Trades.closeNeverPrepaid(svc, read, "NOT_PREPAID");
            if (g.closedHere()) {
                return Outcome.CLOSED;
            }
            if (g.leftWaiting()) {
                return Outcome.WAITING; // another hand settled it since the scan read it: nothing for this tick
            }
            p = g.now();
        }
        PayChannel channel = svc.channels().of(p);
        Optional<ProviderTrade> t = channel.query(p);
        if (t.isPresent() && t.get().state() == ProviderTrade.State.TOOK_MONEY) {
            if (Trades.applySuccess(svc, p, t.get()) == Trades.Applied.PAID) {
                log.warn("payment {} of order {} was paid but its notify never came: applied now", p.sn(), p.orderSn());
                return Outcome.PAID;
            }
            return Outcome.WAITING;
        }
        if (t.isPresent() && t.get().state() == ProviderTrade.State.CLOSED_UNPAID) {
            // the provider closed it (at its time_expire, which may come before ours plus the grace): no money can come
            Trades.markClosed(svc, p, t.get().tradeState());
            log.info("payment {} of order {} closed at {} unpaid: closed", p.sn(), p.orderSn(), p.payMode());
            return Outcome.CLOSED;
        }
        if (!Trades.unpayable(svc, p)) {
            return Outcome.WAITING;
        }
        // past time_expire the provider takes no money for it: close it there (if it can be closed) and here
        if (t.isPresent() || channel.closesUnknown()) {
            Optional<ProviderTrade> paid = channel.closeOrFindPaid(p);
            if (paid.isPresent()) {
                return Trades.applySuccess(svc, p, paid.get()) == Trades.Applied.PAID ? Outcome.PAID : Outcome.WAITING;
            }
        }
        Trades.markClosed(svc, p, t.isPresent() ? "CLOSED" : channel.closesUnknown() ? "NOT_AT_PROVIDER" : "NOT_AT_WECHAT");
        log.info("payment {} of order {} expired unpaid: closed", p.sn(), p.orderSn());
        return Outcome.CLOSED;
    }
}
