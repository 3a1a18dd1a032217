package looklook.sandbox.alipay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import looklook.sandbox.crypto.Nonces;

/**
 * The sandbox Alipay's books: face-to-face trades by out_trade_no, their refunds, every state
 * change atomic under one lock (a close racing a payment has one winner). Refusals are Alipay's
 * sub_codes ({@link AlipayError}).
 */
public final class AlipayBook {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Map<String, AlipayTrade> byOutTradeNo = new LinkedHashMap<>();
    private final Map<String, AlipayTrade> byQr = new LinkedHashMap<>();
    private final List<AlipayRefund> refunds = new ArrayList<>();

    /** What a precreate asks for; {@code content} is what must match when the out_trade_no comes again. */
    public record Precreate(String outTradeNo, long total, String subject, String notifyUrl, String content,
                            Instant payableUntil, Instant qrUntil) {
    }

    /** A refund's outcome: {@code fundChange} false when the out_request_no had been refunded already. */
    public record RefundResult(AlipayTradeView trade, AlipayRefund refund, boolean fundChange) {
    }

    /** Issues (or, for the same content, issues again) the code of {@code p.outTradeNo()}. */
    public synchronized AlipayTradeView precreate(Precreate p, Instant now) {
        AlipayTrade t = byOutTradeNo.get(p.outTradeNo());
        if (t != null) {
            expire(t, now);
            if (t.status == AlipayTrade.Status.TRADE_SUCCESS || (t.status == AlipayTrade.Status.TRADE_CLOSED && t.paidAt != null)) {
                throw AlipayError.business("ACQ.TRADE_HAS_SUCCESS", "交易已被支付 out_trade_no " + p.outTradeNo());
            }
            if (t.status == AlipayTrade.Status.TRADE_CLOSED) {
                throw AlipayError.business("ACQ.TRADE_HAS_CLOSE", "交易已经关闭 out_trade_no " + p.outTradeNo());
            }
            if (!t.content.equals(p.content())) {
                throw AlipayError.business("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改 out_trade_no " + p.outTradeNo()
                        + " was precreated with other content");
            }
            return t.view();
        }
        String tradeNo = DAY.format(now.atZone(CHINA)) + "2200" + Nonces.digits(16);
        String qr = "https://qr.alipay.com/bax0" + Nonces.alnum(21).toLowerCase(java.util.Locale.ROOT);
        t = new AlipayTrade(p.outTradeNo(), tradeNo, qr, p.total(), p.subject(), p.notifyUrl(), p.content(), now,
                p.payableUntil(), p.qrUntil());
        byOutTradeNo.put(t.outTradeNo, t);
        byQr.put(qr, t);
        return t.view();
    }

    /**
     * The buyer scans {@code qr}: the trade now exists (WAIT_BUYER_PAY), and with {@code pay} the
     * buyer confirms and it turns TRADE_SUCCESS. Refusals are the phone's: {@link ScanRefusal}.
     */
    public synchronized AlipayTradeView scan(String qr, String buyerId, String buyerLogonId, boolean pay, Instant now) {
        AlipayTrade t = byQr.get(qr);
        if (t == null) {
            throw new ScanRefusal(404, "CODE_NOT_FOUND", "qr_code " + qr + " was not issued by this sandbox");
        }
        expire(t, now);
        if (t.status == AlipayTrade.Status.TRADE_SUCCESS || t.paidAt != null) {
            throw new ScanRefusal(409, "TRADE_HAS_SUCCESS", "out_trade_no " + t.outTradeNo + " is already paid");
        }
        if (t.status == AlipayTrade.Status.TRADE_CLOSED) {
            throw new ScanRefusal(410, "TRADE_HAS_CLOSE", "out_trade_no " + t.outTradeNo + " is closed (本笔交易已关闭)");
        }
        if (!t.scanned && now.isAfter(t.qrUntil)) {
            throw new ScanRefusal(410, "QR_CODE_EXPIRED", "qr_code expired at " + t.qrUntil + " (it lives 2 hours)");
        }
        if (t.scanned && t.buyerId != null && !t.buyerId.equals(buyerId)) {
            throw new ScanRefusal(409, "TRADE_BUYER_NOT_MATCH", "out_trade_no " + t.outTradeNo + " was scanned by another buyer");
        }
        if (!t.scanned) {
            t.scanned = true;
            t.scanTime = now;
            t.buyerId = buyerId;
            t.buyerLogonId = buyerLogonId;
        }
        if (pay) {
            t.status = AlipayTrade.Status.TRADE_SUCCESS;
            t.paidAt = now;
        }
        return t.view();
    }

    /** The trade the merchant names, once a buyer scanned it; else ACQ.TRADE_NOT_EXIST. */
    public synchronized AlipayTradeView query(String outTradeNo, String tradeNo, Instant now) {
        AlipayTrade t = visible(outTradeNo, tradeNo, now);
        return t.view();
    }

    /**
     * Closes a trade waiting for the buyer. Before any scan Alipay answers ACQ.TRADE_NOT_EXIST, yet
     * the code can no longer be paid (widely observed, see README); a paid or closed trade is
     * ACQ.TRADE_STATUS_ERROR.
     */
    public synchronized AlipayTradeView close(String outTradeNo, String tradeNo, Instant now) {
        AlipayTrade t = find(outTradeNo, tradeNo).orElse(null);
        if (t != null && !t.scanned) {
            expire(t, now);
            if (t.status == AlipayTrade.Status.WAIT_BUYER_PAY) {
                t.status = AlipayTrade.Status.TRADE_CLOSED;
                t.closedAt = now;
            }
        }
        AlipayTrade v = visible(outTradeNo, tradeNo, now);
        if (v.status != AlipayTrade.Status.WAIT_BUYER_PAY) {
            throw AlipayError.business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法: " + v.status
                    + " (only WAIT_BUYER_PAY can be closed)");
        }
        v.status = AlipayTrade.Status.TRADE_CLOSED;
        v.closedAt = now;
        return v.view();
    }

    /**
     * Refunds {@code amount} fen. Without out_request_no only the whole total may be refunded
     * (ACQ.REFUND_AMT_NOT_EQUAL_TOTAL) and the request number is the out_trade_no; a request number
     * seen before with the same amount answers again without moving money, with another amount
     * ACQ.DISCORDANT_REPEAT_REQUEST; more than is left ACQ.REASON_TRADE_REFUND_FEE_ERR. A trade
     * refunded in full turns TRADE_CLOSED.
     */
    public synchronized RefundResult refund(String outTradeNo, String tradeNo, long amount, String outRequestNo, String reason,
                                            Instant now) {
        AlipayTrade t = visible(outTradeNo, tradeNo, now);
        String requestNo = outRequestNo == null ? t.outTradeNo : outRequestNo;
        for (AlipayRefund r : t.refunds) {
            if (r.outRequestNo().equals(requestNo)) {
                if (r.amount() != amount) {
                    throw AlipayError.business("ACQ.DISCORDANT_REPEAT_REQUEST", "不一致的请求: out_request_no " + requestNo
                            + " refunded " + Yuan.of(r.amount()) + " before");
                }
                return new RefundResult(t.view(), r, false);
            }
        }
        if (t.paidAt == null) {
            throw AlipayError.business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法: " + t.status + " (not paid)");
        }
        if (outRequestNo == null && amount != t.total) {
            throw AlipayError.business("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "撤销或退款金额与订单金额不一致: without out_request_no"
                    + " only the total " + Yuan.of(t.total) + " may be refunded");
        }
        long left = t.total - t.refunded();
        if (amount > left) {
            throw AlipayError.business("ACQ.REASON_TRADE_REFUND_FEE_ERR", "退款金额无效: " + Yuan.of(amount)
                    + " is more than is left, " + Yuan.of(left));
        }
        AlipayRefund r = new AlipayRefund(requestNo, t.outTradeNo, t.tradeNo, amount, reason, now);
        t.refunds.add(r);
        refunds.add(r);
        if (t.refunded() == t.total) {
            t.status = AlipayTrade.Status.TRADE_CLOSED;
            t.closedAt = now;
        }
        return new RefundResult(t.view(), r, true);
    }

    /** The refund {@code outRequestNo} of the trade, if Alipay made it; the trade itself must exist. */
    public synchronized Optional<AlipayRefund> refundQuery(String outTradeNo, String tradeNo, String outRequestNo, Instant now) {
        AlipayTrade t = visible(outTradeNo, tradeNo, now);
        return t.refunds.stream().filter(r -> r.outRequestNo().equals(outRequestNo)).findFirst();
    }

    /** Every trade, oldest first. */
    public synchronized List<AlipayTradeView> trades() {
        Instant now = Instant.now();
        byOutTradeNo.values().forEach(t -> expire(t, now));
        return byOutTradeNo.values().stream().map(AlipayTrade::view).toList();
    }

    /** Every refund, oldest first. */
    public synchronized List<AlipayRefund> refunds() {
        return List.copyOf(refunds);
    }

    /** The trades paid and the refunds made on {@code day} (China time), for the trade bill. */
    public synchronized List<AlipayTradeView> paidOn(LocalDate day) {
        return byOutTradeNo.values().stream().filter(t -> t.paidAt != null && day.equals(LocalDate.ofInstant(t.paidAt, CHINA)))
                .map(AlipayTrade::view).toList();
    }

    /** The refunds made on {@code day} (China time). */
    public synchronized List<AlipayRefund> refundedOn(LocalDate day) {
        return refunds.stream().filter(r -> day.equals(LocalDate.ofInstant(r.time(), CHINA))).toList();
    }

    /** The trade view of {@code outTradeNo}, whatever its state (for notifies and the bill). */
    public synchronized Optional<AlipayTradeView> view(String outTradeNo) {
        return Optional.ofNullable(byOutTradeNo.get(outTradeNo)).map(AlipayTrade::view);
    }

    private AlipayTrade visible(String outTradeNo, String tradeNo, Instant now) {
        AlipayTrade t = find(outTradeNo, tradeNo).filter(x -> x.scanned).orElseThrow(() -> AlipayError.business(
                "ACQ.TRADE_NOT_EXIST", "交易不存在: " + (outTradeNo != null ? "out_trade_no " + outTradeNo : "trade_no " + tradeNo)));
        expire(t, now);
        return t;
    }

    private Optional<AlipayTrade> find(String outTradeNo, String tradeNo) {
        if (outTradeNo == null && tradeNo == null) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", "out_trade_no and trade_no are both empty");
        }
        AlipayTrade t = outTradeNo != null ? byOutTradeNo.get(outTradeNo)
                : byOutTradeNo.values().stream().filter(x -> x.tradeNo.equals(tradeNo)).findFirst().orElse(null);
        if (t != null && tradeNo != null && !t.tradeNo.equals(tradeNo)) {
            return Optional.empty();
        }
        return Optional.ofNullable(t);
    }

    /** Alipay closes an unpaid trade at the end of its pay window (timeout_express / time_expire). */
    private static void expire(AlipayTrade t, Instant now) {
        if (t.status == AlipayTrade.Status.WAIT_BUYER_PAY && now.isAfter(t.payableUntil)) {
            t.status = AlipayTrade.Status.TRADE_CLOSED;
            t.closedAt = t.payableUntil;
        }
    }

    /** The phone's refusal of a code: an HTTP status and the simulator's own code. */
    public static final class ScanRefusal extends RuntimeException {
        private final int status;
        private final String code;

        ScanRefusal(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }
}
