package looklook.payment.rpc.logic;

import com.wechat.pay.java.service.payments.model.Transaction;
import java.util.List;
import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.events.PayStatus;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close job's question, "was this order paid after all?": every waiting payment of the order is
 * looked up at WeChat; a SUCCESS there is applied like a notify. Otherwise, when asked, the
 * transaction is closed at WeChat first (after which nobody can pay it) and only then here, so a
 * user paying at the last moment ends paid, never paid-and-cancelled.
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
        boolean paid = payments.stream().anyMatch(p -> p.status() == PayStatus.SUCCESS || p.status() == PayStatus.REFUNDED);
        long closed = 0;
        long waiting = 0;
        for (ThirdPayment p : payments) {
            if (p.status() != PayStatus.WAIT) {
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
        if (t.isPresent() && WxPayments.succeeded(t.get())) {
            return WxPayments.applySuccess(svc, p, t.get()) ? Settled.PAID : Settled.WAITING;
        }
        if (!closeUnpaid) {
            return Settled.WAITING;
        }
        if (t.isPresent()) {
            try {
                WxPayments.close(svc, p.sn());
            } catch (RuntimeException e) {
                // the user may have paid between our query and the close: ask again
                Optional<Transaction> again = WxPayments.query(svc, p.sn());
                if (again.isPresent() && WxPayments.succeeded(again.get())) {
                    return WxPayments.applySuccess(svc, p, again.get()) ? Settled.PAID : Settled.WAITING;
                }
                throw e;
            }
        }
        WxPayments.markClosed(svc, p, t.map(x -> "CLOSED").orElse("NOT_AT_WECHAT"));
        return Settled.CLOSED;
    }
}
