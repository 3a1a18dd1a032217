package looklook.pkg.refund;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.wechat.WxTimes;

/**
 * How much of a booking a guest gets back when they cancel, as a schedule against the check-in date
 * (payment-rpc's {@code CancellationPolicy: {Rules: [{DaysBefore: 7, RefundPercent: 100}, ...]}}).
 *
 * <p>Boundaries: {@code days} is the check-in date minus today, both calendar dates in Asia/Shanghai
 * (the time of day does not count). A rule applies while {@code days >= DaysBefore}; of the rules
 * that apply, the one with the largest {@code DaysBefore} wins; when none applies nothing is refunded.
 * So by {@link #DEFAULT} a cancellation up to the end of the 7th day before the check-in date gets
 * 100%, from the 6th day before to the end of the day before 50%, and from check-in day on nothing.
 *
 * <p>Money: the percentage applies to what the guest still has in (paid less refunded already);
 * the refund rounds up to the fen, so the fee rounds down: in the guest's favour. Only a paid, unused
 * order is refundable; any other state quotes nothing, naming the state.
 *
 * @param rules the schedule, in any order in the config; kept sorted by {@code DaysBefore}, largest first
 */
public record CancellationPolicy(List<Rule> rules) {
    /** Full refund until 7 days before check-in, half until the day before, nothing from check-in day on. */
    public static final CancellationPolicy DEFAULT = new CancellationPolicy(List.of(new Rule(7, 100), new Rule(1, 50)));
    /** A check-in more than ten years ahead is no booking; a rule beyond it is a typo. */
    private static final int MAX_DAYS_BEFORE = 3650;

    /** One step of the schedule: {@code RefundPercent} of what was paid, while check-in is at least {@code DaysBefore} days ahead. */
    public record Rule(Integer daysBefore, Integer refundPercent) {
        public Rule {
            // IllegalArgumentException, not a NullPointerException: the config loader shows its message
            if (daysBefore == null || refundPercent == null) {
                throw new IllegalArgumentException("DaysBefore " + daysBefore + ", RefundPercent " + refundPercent
                        + " (expected both in every rule)");
            }
            if (daysBefore < 0 || daysBefore > MAX_DAYS_BEFORE) {
                throw new IllegalArgumentException("DaysBefore: " + daysBefore + " (expected 0.." + MAX_DAYS_BEFORE + ")");
            }
            if (refundPercent < 0 || refundPercent > 100) {
                throw new IllegalArgumentException("RefundPercent: " + refundPercent + " (expected 0..100)");
            }
        }

        /** {@code "50% until the day before check-in"}. */
        String text() {
            return refundPercent + "% until " + day(daysBefore);
        }
    }

    public CancellationPolicy {
        if (rules == null) {
            throw new IllegalArgumentException("Rules: missing (expected a list of {DaysBefore, RefundPercent}; [] refunds nothing)");
        }
        List<Rule> sorted = rules.stream()
                .sorted(Comparator.comparingInt(Rule::daysBefore).reversed()).toList();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < sorted.size(); i++) {
            Rule r = sorted.get(i);
            if (!seen.add(r.daysBefore())) {
                throw new IllegalArgumentException("Rules: DaysBefore " + r.daysBefore() + " twice (expected one rule per day)");
            }
            // a refund that grows as check-in nears is a typo, never a policy
            if (i > 0 && r.refundPercent() > sorted.get(i - 1).refundPercent()) {
                throw new IllegalArgumentException("Rules: RefundPercent " + r.refundPercent() + " at DaysBefore " + r.daysBefore()
                        + " (expected at most " + sorted.get(i - 1).refundPercent() + ", the percent of the earlier rule)");
            }
        }
        rules = sorted;
    }

    /**
     * The quote for an order in {@code state} checking in on {@code checkIn}, whose payment took
     * {@code paid} fen of which {@code refunded} went back already, if cancelled at {@code now}.
     */
    public RefundQuote quote(OrderTradeState state, LocalDate checkIn, long paid, long refunded, Instant now) {
        requireNonNull(state, "state");
        requireNonNull(checkIn, "checkIn");
        requireNonNull(now, "now");
        if (paid < 0 || refunded < 0) {
            throw new IllegalArgumentException("paid " + paid + ", refunded " + refunded + " (expected fen >= 0)");
        }
        long in = Math.max(0, paid - refunded);
        if (state != OrderTradeState.PAID) {
            return new RefundQuote(0, in, notRefundable(state));
        }
        if (in == 0) {
            return new RefundQuote(0, 0, paid == 0 ? "nothing was paid" : "nothing left: " + refunded + " fen refunded already");
        }
        long days = checkIn.toEpochDay() - LocalDate.ofInstant(now, WxTimes.SHANGHAI).toEpochDay();
        Optional<Rule> rule = rules.stream().filter(r -> days >= r.daysBefore()).findFirst();
        if (rule.isEmpty()) {
            return new RefundQuote(0, in, nothingText());
        }
        long refundable = Math.addExact(Math.multiplyExact(in, rule.get().refundPercent()), 99) / 100;
        return new RefundQuote(refundable, in - refundable, rule.get().text());
    }

    /** What no rule covers: from the day after the last rule's last day on. */
    private String nothingText() {
        return rules.isEmpty() ? "no refund: the cancellation policy has no rule"
                : "nothing from " + day(rules.get(rules.size() - 1).daysBefore() - 1) + " on";
    }

    private static String notRefundable(OrderTradeState state) {
        return switch (state) {
            case WAIT_PAY -> "order not paid: nothing to refund";
            case CANCELLED -> "order cancelled: nothing to refund";
            case USED -> "order used (checked in): nothing is refunded";
            case REFUNDED -> "order refunded already";
            case REFUNDING -> "order cancelled already: its refund is on the way";
            case EXPIRED -> "stay ended (order expired): nothing is refunded";
            case PAID -> throw new IllegalStateException("a paid order is refundable");
        };
    }

    /** {@code days} before check-in, in words: the day before, check-in day, the day after. */
    private static String day(int daysBefore) {
        return switch (daysBefore) {
            case -1 -> "the day after check-in";
            case 0 -> "check-in day";
            case 1 -> "the day before check-in";
            default -> daysBefore + " days before check-in";
        };
    }
}
