package looklook.payment.rpc.logic;

import com.wechat.pay.java.service.payments.model.Transaction;
import io.grpc.Context;
import java.util.List;
import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.events.PayStatus;
import looklook.pkg.wechat.WxTransactionCheck;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close job's question, "was this order paid after all?": every waiting payment of the order is
 * looked up at WeChat; money taken there (SUCCESS, or REFUND when it was refunded by hand on the
 * merchant platform meanwhile) is applied like a notify. Otherwise, when asked, the payment
 * is closed at WeChat first (after which nobody can pay it) and only then here; one WeChat closed
 * already (its own close at time_expire included) is closed here whether asked or not. A payment WeChat does
 * not know yet is closed here only after its time_expire, when WeChat would refuse a prepay still on
 * its way; before that it stays waiting and the caller asks again later.
 */
public final class SettleOrderPaymentsLogic {
    private static final Logger log = LoggerFactory.getLogger(SettleOrderPaymentsLogic.class);
    private final ServiceContext svc;

    public SettleOrderPaymentsLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public SettleOrderPaymentsResp settleOrderPayments(SettleOrderPaymentsReq in) {
        String orderSn = Validate.orderSn(in.getOrderSn());
        List<ThirdPayment> payments = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(orderSn));
        boolean paid = payments.stream().anyMatch(p -> p.status().paysOrder());
        long closed = 0;
        long waiting = 0;
        for (ThirdPayment p : payments) {
            if (p.status() != PayStatus.WAIT) {
                continue;
            }
            if (Context.current().isCancelled()) {
                // the caller gave up: whatever is left stays waiting, and it asks again
                waiting++;
                continue;
            }
            try {
                switch (settle(p, in.getCloseUnpaid())) {
                    case PAID -> paid = true;
                    case CLOSED -> closed++;
                    case WAITING -> waiting++;
                }
            } catch (RuntimeException e) {
                // WeChat or the database did not answer: the caller retries later
                log.warn("payment {} of order {}: cannot settle now: {}", p.sn(), orderSn, e.toString());
                waiting++;
            }
        }
        log.info("order {} settled: paid={} closed={} stillWaiting={}", orderSn, paid, closed, waiting);
        return SettleOrderPaymentsResp.newBuilder().setPaid(paid).setClosed(closed).setStillWaiting(waiting).build();
    }

    private enum Settled { PAID, CLOSED, WAITING }

    private Settled settle(ThirdPayment p, boolean closeUnpaid) {
        Optional<Transaction> t = WxPayments.query(svc, p.sn());
        if (t.isPresent() && WxTransactionCheck.tookMoney(t.get())) {
            return applied(p, t.get());
        }
        if (t.isPresent() && WxTransactionCheck.closedUnpaid(t.get())) {
            // closed at WeChat already (its own close at time_expire, or ours): no money can come for it
            WxPayments.markClosed(svc, p, "CLOSED");
            return Settled.CLOSED;
        }
        if (!closeUnpaid) {
            return Settled.WAITING;
        }
        if (t.isEmpty()) {
            if (!WxPayments.unpayableAtWeChat(svc, p)) {
                // the prepay may still be on its way to WeChat, which would then take money for it
                log.info("payment {} of order {} unknown at WeChat before its time_expire {}: left waiting", p.sn(),
                        p.orderSn(), p.expireTime());
                return Settled.WAITING;
            }
            WxPayments.markClosed(svc, p, "NOT_AT_WECHAT");
            return Settled.CLOSED;
        }
        // the user may have paid between our query and the close: then the close fails and WeChat says so
        Optional<Transaction> paid = WxPayments.closeOrFindPaid(svc, p.sn());
        if (paid.isPresent()) {
            return applied(p, paid.get());
        }
        WxPayments.markClosed(svc, p, "CLOSED");
        return Settled.CLOSED;
    }

    private Settled applied(ThirdPayment p, Transaction t) {
        return switch (WxPayments.applySuccess(svc, p, t)) {
            case PAID -> Settled.PAID;
            // a payment closed meanwhile by another caller: its money goes back, it pays nothing
            case REFUNDING -> Settled.CLOSED;
            case MISMATCH -> Settled.WAITING;
        };
    }
}
