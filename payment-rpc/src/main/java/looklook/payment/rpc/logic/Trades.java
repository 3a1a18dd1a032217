package looklook.payment.rpc.logic;

import looklook.payment.rpc.channel.ProviderTrade;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.events.PayStatus;
import looklook.proto.payment.UpdateTradeStateReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What payment-rpc does with a trade its provider reported (the close job, the reconcile tick, the
 * channel switch, the bill), whatever the channel: money taken is applied with the same checks as a
 * notify and the same compare-and-set; a close is recorded here after the provider's.
 */
final class Trades {
    private static final Logger log = LoggerFactory.getLogger(Trades.class);
    /** What a trade that took money did here. */
    enum Applied {
        /** The payment succeeded: its order must turn paid. */
        PAID,
        /** Late money for a payment closed here: kept and being refunded; the order is not paid by it. */
        REFUNDING,
        /** Not ours or not what we asked for: nothing changed. */
        MISMATCH
    }

    private Trades() {
    }

    /**
     * True when we give {@code p} up although its provider does not know it: its time_expire and the
     * clock grace have passed. WeChat still accepts a prepay that reaches it later (it moves a past
     * time_expire to a minute after the prepay), so such a payment can yet take money; that money is
     * late money, refunded when its notify, the reconcile or the daily bill reports it.
     */
    static boolean unpayable(ServiceContext svc, ThirdPayment p) {
        return svc.clock().millis() > (p.payableUntil() + svc.config().expiryGraceSeconds()) * 1000;
    }

    /** Applies money the provider took ({@link ProviderTrade.State#TOOK_MONEY}) to {@code p}. */
    static Applied applySuccess(ServiceContext svc, ThirdPayment p, ProviderTrade t) {
        if (t.mismatch().isPresent()) {
            log.warn("{} trade {} does not match our payment {}, not applied: {}", p.payMode(), t.transactionId(), p.sn(),
                    t.mismatch().get());
            return Applied.MISMATCH;
        }
        var r = new UpdateTradeStateLogic(svc).updateTradeState(UpdateTradeStateReq.newBuilder()
                .setSn(p.sn()).setPayStatus(PayStatus.SUCCESS.code()).setTradeState(t.tradeState())
                .setTransactionId(t.transactionId()).setTradeType(t.tradeType()).setTradeStateDesc(t.tradeStateDesc())
                .setPayTime(t.payTime())
                .build());
        return PayStatus.of(r.getPaymentDetail().getPayStatus()).filter(PayStatus::paysOrder).isPresent()
                ? Applied.PAID : Applied.REFUNDING;
    }

    /**
     * What {@link #closeNeverPrepaid} did: {@code closedHere}, or not, and then {@code now} is the payment
     * as the caller must go on with it (read again when the compare-and-set matched nothing).
     */
    record GiveUp(boolean closedHere, ThirdPayment now) {
        /** True when another hand moved the payment out of waiting meanwhile (a switch, the close job, its money). */
        boolean leftWaiting() {
            return !closedHere && now.status() != PayStatus.WAIT;
        }
    }

    /**
     * Closes {@code p} here alone when it awaits a mark no prepay of it ever got ({@link MarkPrepaidLogic}):
     * nobody holds a code of it, so its provider, which may be down or may never have heard of it, need
     * not be asked. A compare-and-set against the mark; when it matches nothing the row is read again,
     * for a lost race means either a mark (it still waits: the caller asks the provider as for any
     * payment) or another close or its money (it left waiting: there is nothing to ask the provider).
     * Closing publishes no event, as {@link #markClosed} does not.
     */
    static GiveUp closeNeverPrepaid(ServiceContext svc, ThirdPayment p, String tradeState) {
        if (!p.neverPrepaid()) {
            return new GiveUp(false, p);
        }
        int n = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.closeNeverPrepaid(p.sn(), tradeState));
        if (n == 1) {
            log.info("payment {} of order {} pay status {} -> {} trade_state={}: never prepaid, {} not asked", p.sn(),
                    p.orderSn(), PayStatus.WAIT, PayStatus.CLOSED, tradeState, p.payMode());
            return new GiveUp(true, p);
        }
        ThirdPayment now = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(p.sn())).orElse(p);
        log.info("payment {} of order {} not given up unasked: it is {} now, marked={} awaitsMark={}", p.sn(), p.orderSn(),
                now.status(), now.prepaid(), now.awaitsMark());
        return new GiveUp(false, now);
    }

    /** Marks a payment closed here (after its provider closed it, or once it can no longer take money for it). */
    static void markClosed(ServiceContext svc, ThirdPayment p, String tradeState) {
        new UpdateTradeStateLogic(svc).updateTradeState(UpdateTradeStateReq.newBuilder()
                .setSn(p.sn()).setPayStatus(PayStatus.CLOSED.code()).setTradeState(tradeState).build());
    }
}
