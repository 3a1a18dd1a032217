package looklook.pkg.refund;

/**
 * What a cancellation would give back now, in fen: {@code refundable} to the guest, {@code fee} kept
 * (what the guest paid, less what was refunded already, less {@code refundable}), and {@code rule},
 * a short text naming the rule applied or why nothing is refunded.
 */
public record RefundQuote(long refundable, long fee, String rule) {
}
