package looklook.payment.rpc.logic;

import java.util.Optional;
import looklook.payment.rpc.channel.PayChannel;
import looklook.payment.rpc.channel.ProviderTrade;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.TradeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user chose another way to pay (another channel, or WeChat's other trade type) while a payment
 * waits: the waiting one is closed at its provider first, so its code can no longer take money, and
 * only then here; the caller then creates the new one. An order thus has at most one live payment.
 * A waiting payment never prepaid (made by payment-api, which marks every prepay before it hands the
 * code out, {@link MarkPrepaidLogic}, and never marked) is closed here alone, without asking its
 * provider: nobody holds a code of it, so a provider that is down, or never heard of it, does not keep
 * the user from paying another way. One that another switch (a double click, a second tab) or the close
 * job closed meanwhile is left to them: the caller looks at the order again.
 * Money a provider takes for the old one all the same (a race its close lost) is late money, refunded
 * in full through that payment's channel ({@link LateMoney}). The switch is refused
 * (PAYMENT_CONFLICT) where it cannot be made safe: for a prepaid payment, the provider cannot confirm
 * the close now, or a WeChat prepay WeChat has not heard of may still reach it before its time_expire.
 */
final class ChannelSwitch {
    private static final Logger log = LoggerFactory.getLogger(ChannelSwitch.class);

    private ChannelSwitch() {
    }

    /**
     * Closes {@code read} there and here (here alone when never prepaid) for a payment of {@code to}, or
     * returns when it left waiting meanwhile (the caller reads the order again); throws when it was paid
     * or cannot be closed now.
     */
    static void closeForSwitch(ServiceContext svc, ThirdPayment read, TradeType to) {
        // never prepaid: closed here alone, not even a courtesy close at its provider afterwards: no code of it
        // exists to be paid, and a provider that is down would hold the user up for its whole timeout
        Trades.GiveUp g = Trades.closeNeverPrepaid(svc, read, "SWITCHED");
        if (g.closedHere()) {
            log.info("payment {} of order {} ({} {}) closed here, never prepaid: the user switched to {}", read.sn(),
                    read.orderSn(), read.payMode(), read.payTradeType().code(), to.code());
            return;
        }
        if (g.leftWaiting()) {
            // another switch or the close job closed it since we read it (or its money came): the caller's next
            // look at the order finds the payment that replaced it, or that it is paid
            log.info("payment {} of order {} is {} already: nothing to close for the switch to {}", read.sn(), read.orderSn(),
                    g.now().status(), to.code());
            return;
        }
        // a prepay was marked (perhaps since we read it), or it was made by a caller that does not mark: its code
        // may be held, so its provider closes it first
        ThirdPayment waiting = g.now();
        PayChannel channel = svc.channels().of(waiting);
        Optional<ProviderTrade> paid;
        try {
            Optional<ProviderTrade> t = channel.query(waiting);
            if (t.isPresent() && t.get().state() == ProviderTrade.State.TOOK_MONEY) {
                paid = t;
            } else if (t.isPresent() && t.get().state() == ProviderTrade.State.CLOSED_UNPAID) {
                paid = Optional.empty();
            } else if (t.isEmpty() && !channel.closesUnknown() && !Trades.unpayable(svc, waiting)) {
                throw conflict(waiting, to, "its prepay may still reach " + waiting.payMode() + " until "
                        + waiting.payableUntil() + "; pay it there, or try again in a minute");
            } else {
                paid = channel.closeOrFindPaid(waiting);
            }
        } catch (BizException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("payment {} of order {}: cannot close it to switch to {}: {}", waiting.sn(), waiting.orderSn(), to.code(),
                    e.toString());
            throw conflict(waiting, to, "its provider could not confirm its close now; try again");
        }
        if (paid.isPresent()) {
            if (Trades.applySuccess(svc, waiting, paid.get()) == Trades.Applied.MISMATCH) {
                throw conflict(waiting, to, "its provider reports a trade that does not match it");
            }
            throw new BizException(ErrorCode.PAYMENT_ORDER_ALREADY_PAID, "order " + waiting.orderSn()
                    + " is already paid (payment " + waiting.sn() + " through " + waiting.payMode() + ")");
        }
        Trades.markClosed(svc, waiting, "SWITCHED");
        log.info("payment {} of order {} ({} {}) closed there and here: the user switched to {}", waiting.sn(),
                waiting.orderSn(), waiting.payMode(), waiting.payTradeType().code(), to.code());
    }

    private static BizException conflict(ThirdPayment waiting, TradeType to, String why) {
        return new BizException(ErrorCode.PAYMENT_CONFLICT, "order " + waiting.orderSn() + ": a "
                + waiting.payTradeType().code() + " payment is waiting (asked: " + to.code() + "); " + why);
    }
}
