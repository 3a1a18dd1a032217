package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.events.TradeType;

/**
 * The steps a logic call takes after it read a payment, open to tests in other packages so they can be
 * handed a read made stale on purpose: a race played in a fixed order (read, then the other party, then
 * the step), which a test of two threads hits only now and then.
 */
public final class StaleReads {
    private StaleReads() {
    }

    /** The never-prepaid close of a switch, the close job or the tick, on {@code read}; true when it closed it here. */
    public static boolean closeNeverPrepaid(ServiceContext svc, ThirdPayment read, String tradeState) {
        return Trades.closeNeverPrepaid(svc, read, tradeState).closedHere();
    }

    /** The channel switch away from {@code read}, as CreatePayment runs it after its read of the order. */
    public static void closeForSwitch(ServiceContext svc, ThirdPayment read, TradeType to) {
        ChannelSwitch.closeForSwitch(svc, read, to);
    }
}
