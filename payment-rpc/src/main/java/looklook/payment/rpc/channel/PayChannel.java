package looklook.payment.rpc.channel;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.pkg.events.PayMode;

/**
 * One payment provider, as everything after the prepay sees it (the close job, the reconcile tick,
 * the channel switch, refunds): a payment's trade there, its close, a refund and its query, in
 * channel-neutral records. Chosen by the payment's pay_mode ({@link PayChannels#of}); a new provider
 * is one implementation and its config. Failures the provider stated are {@link ChannelRefusal};
 * anything else (a timeout, an answer that does not verify) is an unknown outcome, thrown as is.
 */
public interface PayChannel {
    /** The pay_mode of the payments this channel serves. */
    PayMode mode();

    /** The provider's view of {@code p}; empty when it knows no such trade (yet). */
    Optional<ProviderTrade> query(ThirdPayment p);

    /**
     * Closes {@code p} at the provider so it can no longer be paid. Returns empty when it is closed
     * (or can never be paid), the trade when it took money meanwhile; throws when neither is certain,
     * and the caller tries again later.
     */
    Optional<ProviderTrade> closeOrFindPaid(ThirdPayment p);

    /**
     * True when a close reaches a payment the provider reports unknown: Alipay's precreate creates no
     * trade until a buyer scans, and its close kills the code all the same. False for WeChat, which
     * would still take a prepay arriving late, so an unknown payment is given up only after its time_expire.
     */
    boolean closesUnknown();

    /**
     * Asks the provider to refund {@code r} of {@code paid}, always under the refund sn, so asking again
     * never refunds twice. Without a believable answer the provider is asked how the refund stands.
     */
    ProviderRefund askRefund(ThirdRefund r, ThirdPayment paid);

    /** How refund {@code r} of {@code paid}, which the provider accepted, stands now. */
    ProviderRefund queryRefund(ThirdRefund r, ThirdPayment paid);

    /**
     * The provider's trade bill of {@code day} (Asia/Shanghai) for the daily reconciliation; empty when
     * the provider says it had nothing that day. Throws when the bill cannot be had or believed, and
     * the day is tried again.
     */
    Optional<List<BillLine>> tradeBill(LocalDate day);

    /** A payment line of the bill as the trade a query would have answered for {@code p}, so the notify's checks apply. */
    ProviderTrade billTrade(BillLine l, ThirdPayment p);
}
