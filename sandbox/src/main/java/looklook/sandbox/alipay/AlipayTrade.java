package looklook.sandbox.alipay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One face-to-face trade as the sandbox's Alipay holds it. A precreate only issues the code:
 * the trade exists for the merchant's query, close and refund once a buyer scanned it
 * ({@code scanned}), as Alipay documents for face-to-face payment. Mutable, guarded by
 * {@link AlipayBook}'s lock.
 */
public final class AlipayTrade {
    /** Alipay's trade_status values. */
    public enum Status { WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_CLOSED }

    final String outTradeNo;
    final String tradeNo;
    final String qrCode;
    final long total;
    final String subject;
    final String notifyUrl;
    final String content;
    final Instant createTime;
    final Instant payableUntil;
    final Instant qrUntil;
    Status status = Status.WAIT_BUYER_PAY;
    boolean scanned;
    Instant scanTime;
    String buyerId;
    String buyerLogonId;
    Instant paidAt;
    Instant closedAt;
    final List<AlipayRefund> refunds = new ArrayList<>();

    AlipayTrade(String outTradeNo, String tradeNo, String qrCode, long total, String subject, String notifyUrl, String content,
                Instant createTime, Instant payableUntil, Instant qrUntil) {
        this.outTradeNo = outTradeNo;
        this.tradeNo = tradeNo;
        this.qrCode = qrCode;
        this.total = total;
        this.subject = subject;
        this.notifyUrl = notifyUrl;
        this.content = content;
        this.createTime = createTime;
        this.payableUntil = payableUntil;
        this.qrUntil = qrUntil;
    }

    long refunded() {
        return refunds.stream().mapToLong(AlipayRefund::amount).sum();
    }

    /** A copy for readers outside the lock. */
    AlipayTradeView view() {
        return new AlipayTradeView(outTradeNo, tradeNo, qrCode, status.name(), scanned, total, refunded(),
                status == Status.TRADE_SUCCESS ? total - refunded() : 0, refunds.size(), subject, notifyUrl, buyerId,
                buyerLogonId, createTime, scanTime, paidAt, closedAt, payableUntil);
    }
}
