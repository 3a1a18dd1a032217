package looklook.payment.rpc.channel;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.pkg.events.PayMode;

/** The configured channels by pay_mode: the one place a payment finds its provider. */
public final class PayChannels {
    private final Map<PayMode, PayChannel> byMode = new EnumMap<>(PayMode.class);

    public PayChannels(List<PayChannel> channels) {
        channels.forEach(c -> byMode.put(c.mode(), c));
    }

    /** The channel of {@code p}; a payment of a provider this process is not configured for is a server error. */
    public PayChannel of(ThirdPayment p) {
        PayMode mode = PayMode.of(p.payMode()).orElseThrow(() ->
                new IllegalStateException("payment " + p.sn() + " has unknown pay_mode " + p.payMode()));
        return of(mode);
    }

    /** The channel of {@code mode}. */
    public PayChannel of(PayMode mode) {
        PayChannel c = byMode.get(mode);
        if (c == null) {
            throw new IllegalStateException("no channel configured for pay_mode " + mode.code());
        }
        return c;
    }

    /** Every configured channel, in pay_mode order. */
    public List<PayChannel> all() {
        return List.copyOf(byMode.values());
    }

    /** True when {@code mode} can be served. */
    public boolean has(PayMode mode) {
        return byMode.containsKey(mode);
    }
}
