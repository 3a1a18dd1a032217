package looklook.sandbox.alipay;

import java.time.Instant;

/**
 * An Alipay trade as read outside the book, amounts in fen: {@code refunded} so far,
 * {@code refundable} what a refund may still take (0 unless TRADE_SUCCESS).
 */
public record AlipayTradeView(String outTradeNo, String tradeNo, String qrCode, String tradeStatus, boolean scanned, long total,
                              long refunded, long refundable, int refundCount, String subject, String notifyUrl, String buyerId,
                              String buyerLogonId, Instant createTime, Instant scanTime, Instant paidAt, Instant closedAt,
                              Instant payableUntil) {
}
