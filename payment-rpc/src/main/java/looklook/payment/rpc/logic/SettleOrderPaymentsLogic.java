package looklook.payment.rpc.logic;

import io.grpc.Context;
import java.util.List;
import java.util.Optional;
import looklook.payment.rpc.channel.PayChannel;
import looklook.payment.rpc.channel.ProviderTrade;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.events.PayStatus;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close job's question, "was this order paid after all?" (also the status poll's, without
 * closing): every waiting payment of the order is looked up at its provider (its channel, by
 * pay_mode); money taken there (paid, or refunded by hand on the merchant platform meanwhile) is
 * applied like a notify. Otherwise, when asked, the payment is closed at the provider first (after
 * which nobody can pay it) and only then here; one the provider closed already (its own close at
 * time_expire included) is closed here whether asked or not. A WeChat payment WeChat does not know yet
 * is closed here only after its time_expire, when WeChat would refuse a prepay still on its way;
 * before that it stays waiting and the caller asks again later. An Alipay code nobody scanned is
 * closed at Alipay all the same ({@link PayChannel#closesUnknown}). A payment never prepaid (it awaits a
 * mark it never got: no code of it was handed out, {@link MarkPrepaidLogic}) is closed here alone when
 * asked, its provider not asked: it may be down. One that a switch closed meanwhile is skipped.
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
                    case SKIPPED -> { }
                }
            } catch (RuntimeException e) {
                // the provider or the database did not answer: the caller retries later
                log.warn("payment {} of order {}: cannot settle now: {}", p.sn(), orderSn, e.toString());
                waiting++;
            }
        }
        log.info("order {} settled: paid={} closed={} stillWaiting={}", orderSn, paid, closed, waiting);
        return SettleOrderPaymentsResp.newBuilder().setPaid(paid).setClosed(closed).setStillWaiting(waiting).build();
    }

    /** SKIPPED: another hand closed it since it was read (a switch): neither closed by this call nor waiting. */
    private enum Settled { PAID, CLOSED, WAITING, SKIPPED }

    private Settled settle(ThirdPayment read, boolean closeUnpaid) {
        ThirdPayment p = read;
        if (closeUnpaid) {
            Trades.GiveUp g = Trades.closeNeverPrepaid(svc, read, "NOT_PREPAID");
            if (g.closedHere()) {
                return Settled.CLOSED;
            }
            if (g.leftWaiting()) {
                // its money may have come meanwhile: the order must then not be cancelled
                return g.now().status().paysOrder() ? Settled.PAID : Settled.SKIPPED;
            }
            p = g.now();
        }
        PayChannel channel = svc.channels().of(p);
        Optional<ProviderTrade> t = channel.query(p);
        if (t.isPresent() && t.get().state() == ProviderTrade.State.TOOK_MONEY) {
            return applied(p, t.get());
        }
        if (t.isPresent() && t.get().state() == ProviderTrade.State.CLOSED_UNPAID) {
            // closed at the provider already (its own close at time_expire, or ours): no money can come for it
            Trades.markClosed(svc, p, t.get().tradeState());
            return Settled.CLOSED;
        }
        if (!closeUnpaid) {
            return Settled.WAITING;
        }
        if (t.isEmpty() && !channel.closesUnknown()) {
            if (!Trades.unpayable(svc, p)) {
                // the prepay may still be on its way to WeChat, which would then take money for it
                log.info("payment {} of order {} unknown at {} before its time_expire {}: left waiting", p.sn(),
                        p.orderSn(), p.payMode(), p.expireTime());
                return Settled.WAITING;
            }
            Trades.markClosed(svc, p, "NOT_AT_WECHAT");
            return Settled.CLOSED;
        }
        // the user may have paid between our query and the close: then the close fails and the provider says so
        Optional<ProviderTrade> paid = channel.closeOrFindPaid(p);
        if (paid.isPresent()) {
            return applied(p, paid.get());
        }
        Trades.markClosed(svc, p, t.isPresent() ? "CLOSED" : "NOT_AT_PROVIDER");
        return Settled.CLOSED;
    }

    private Settled applied(ThirdPayment p, ProviderTrade t) {
        return switch (Trades.applySuccess(svc, p, t)) {
            case PAID -> Settled.PAID;
            // a payment closed meanwhile by another caller: its money goes back, it pays nothing
            case REFUNDING -> Settled.CLOSED;
            case MISMATCH -> Settled.WAITING;
        };
    }
}
