package looklook.payment.rpc.channel;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayClient;
import com.alipay.api.AlipayRequest;
import com.alipay.api.AlipayResponse;
import com.alipay.api.domain.AlipayTradeCloseModel;
import com.alipay.api.domain.AlipayTradeFastpayRefundQueryModel;
import com.alipay.api.domain.AlipayTradeQueryModel;
import com.alipay.api.domain.AlipayTradeRefundModel;
import com.alipay.api.request.AlipayTradeCloseRequest;
import com.alipay.api.request.AlipayTradeFastpayRefundQueryRequest;
import com.alipay.api.request.AlipayTradeQueryRequest;
import com.alipay.api.request.AlipayTradeRefundRequest;
import com.alipay.api.response.AlipayTradeFastpayRefundQueryResponse;
import com.alipay.api.response.AlipayTradeQueryResponse;
import com.alipay.api.response.AlipayTradeRefundResponse;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.pkg.events.PayMode;
import looklook.pkg.events.TradeType;
import looklook.pkg.alipay.AlipayConf;
import looklook.pkg.alipay.Yuan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alipay's face-to-face QR payments through the official SDK: {@code alipay.trade.query},
 * {@code alipay.trade.close}, {@code alipay.trade.refund} (synchronous: fund_change Y is the money
 * moved) and {@code alipay.trade.fastpay.refund.query}. A refund's out_request_no is its refund sn,
 * so a repeated ask is answered fund_change N and never moves money twice. Amounts cross as yuan
 * text ({@link Yuan}) only here.
 */
public final class AlipayChannel implements PayChannel {
    private static final Logger log = LoggerFactory.getLogger(AlipayChannel.class);
    private static final String TRADE_NOT_EXIST = "ACQ.TRADE_NOT_EXIST";
    /** Sub-codes that say Alipay could not serve the call now, not that it refused it. */
    private static final Set<String> TRANSIENT = Set.of("ACQ.SYSTEM_ERROR", "isp.unknow-error", "aop.ACQ.SYSTEM_ERROR");
    private final AlipayClient client;
    private final AlipayConf conf;

    public AlipayChannel(AlipayClient client, AlipayConf conf) {
        this.client = client;
        this.conf = conf;
    }

    @Override
    public PayMode mode() {
        return PayMode.ALIPAY;
    }

    @Override
    public Optional<ProviderTrade> query(ThirdPayment p) {
        AlipayTradeQueryModel m = new AlipayTradeQueryModel();
        m.setOutTradeNo(p.sn());
        AlipayTradeQueryRequest req = new AlipayTradeQueryRequest();
        req.setBizModel(m);
        AlipayTradeQueryResponse r = call(req, "query " + p.sn());
        if (!r.isSuccess() && TRADE_NOT_EXIST.equals(r.getSubCode())) {
            return Optional.empty(); // a precreate alone creates no trade: nobody scanned the code yet
        }
        requireSuccess(r, "query " + p.sn());
        return Optional.of(trade(r, p));
    }

    private static ProviderTrade trade(AlipayTradeQueryResponse r, ThirdPayment p) {
        String status = r.getTradeStatus() == null ? "" : r.getTradeStatus();
        // TRADE_CLOSED is also a trade paid and refunded in full: its send_pay_date says it was paid
        ProviderTrade.State state = switch (status) {
            case "TRADE_SUCCESS", "TRADE_FINISHED" -> ProviderTrade.State.TOOK_MONEY;
            case "TRADE_CLOSED" -> r.getSendPayDate() != null ? ProviderTrade.State.TOOK_MONEY : ProviderTrade.State.CLOSED_UNPAID;
            default -> ProviderTrade.State.OPEN;
        };
        return new ProviderTrade(state, status, r.getTradeNo() == null ? "" : r.getTradeNo(), TradeType.PRECREATE.code(),
                "", seconds(r.getSendPayDate()), mismatch(p, r.getOutTradeNo(), r.getTotalAmount()));
    }

    /** Alipay answers a bill for every day it keeps (a day without trades has no lines): never empty. */
    @Override
    public Optional<List<BillLine>> tradeBill(LocalDate day) {
        return Optional.of(AlipayBillDownload.lines(new AlipayBillDownload(client, conf).download(day)));
    }

    /** The bill lists money taken only; it must be our seller's and the payment's amount. */
    @Override
    public ProviderTrade billTrade(BillLine l, ThirdPayment p) {
        Optional<String> mismatch = conf.sellerId().equals(l.merchant())
                ? mismatch(p, l.outTradeNo(), Yuan.of(l.totalFen()))
                : Optional.of("bill of account " + l.merchant() + " (expected seller " + conf.sellerId() + ")");
        return new ProviderTrade(ProviderTrade.State.TOOK_MONEY, "TRADE_SUCCESS", l.transactionId(), TradeType.PRECREATE.code(),
                "", 0, mismatch);
    }

    /** Why an Alipay trade is not payment {@code p} (another out_trade_no or amount); empty when it is. */
    public static Optional<String> mismatch(ThirdPayment p, String outTradeNo, String totalAmount) {
        if (!p.sn().equals(outTradeNo)) {
            return Optional.of("out_trade_no " + outTradeNo + " (expected " + p.sn() + ")");
        }
        long fen;
        try {
            fen = Yuan.fen(totalAmount);
        } catch (IllegalArgumentException e) {
            return Optional.of("total_amount " + totalAmount + " is not an amount");
        }
        return fen == p.payTotal() ? Optional.empty()
                : Optional.of("total_amount " + totalAmount + " (expected " + Yuan.of(p.payTotal()) + ")");
    }

    /**
     * ACQ.TRADE_NOT_EXIST is a close: the code was never scanned, and after the close Alipay refuses
     * it. ACQ.TRADE_STATUS_ERROR (paid or closed already) and anything unbelievable are settled by a query.
     */
    @Override
    public Optional<ProviderTrade> closeOrFindPaid(ThirdPayment p) {
        AlipayTradeCloseModel m = new AlipayTradeCloseModel();
        m.setOutTradeNo(p.sn());
        AlipayTradeCloseRequest req = new AlipayTradeCloseRequest();
        req.setBizModel(m);
        RuntimeException failure;
        try {
            AlipayResponse r = call(req, "close " + p.sn());
            if (r.isSuccess() || TRADE_NOT_EXIST.equals(r.getSubCode())) {
                return Optional.empty();
            }
            failure = refusal(r, "close " + p.sn());
        } catch (RuntimeException e) {
            failure = e;
        }
        Optional<ProviderTrade> now;
        try {
            now = query(p);
        } catch (RuntimeException q) {
            failure.addSuppressed(q);
            throw failure;
        }
        if (now.isPresent() && now.get().state() == ProviderTrade.State.TOOK_MONEY) {
            return now;
        }
        if (now.isPresent() && now.get().state() == ProviderTrade.State.CLOSED_UNPAID) {
            log.info("payment {}: close answered {}, yet Alipay reports it TRADE_CLOSED", p.sn(), failure.getMessage());
            return Optional.empty();
        }
        throw failure;
    }

    @Override
    public boolean closesUnknown() {
        return true;
    }

    @Override
    public ProviderRefund askRefund(ThirdRefund r, ThirdPayment paid) {
        AlipayTradeRefundModel m = new AlipayTradeRefundModel();
        m.setOutTradeNo(paid.sn());
        m.setOutRequestNo(r.sn());
        m.setRefundAmount(Yuan.of(r.refundAmount()));
        m.setRefundReason(r.reason());
        AlipayTradeRefundRequest req = new AlipayTradeRefundRequest();
        req.setBizModel(m);
        AlipayTradeRefundResponse answer;
        try {
            answer = call(req, "refund " + r.sn());
        } catch (RuntimeException unknown) {
            ProviderRefund learnt;
            try {
                learnt = find(r, paid);
            } catch (RuntimeException e) {
                unknown.addSuppressed(e);
                throw unknown;
            }
            if (learnt.status() != ProviderRefund.Status.SUCCESS) {
                throw unknown; // not refunded: asked again later under the same out_request_no
            }
            return learnt;
        }
        requireSuccess(answer, "refund " + r.sn());
        if ("Y".equals(answer.getFundChange())) {
            return new ProviderRefund(ProviderRefund.Status.SUCCESS, answer.getTradeNo() == null ? "" : answer.getTradeNo(),
                    seconds(answer.getGmtRefundPay()), r.refundAmount());
        }
        // N: this out_request_no was refunded before (a repeat after a lost answer); the refund query says how
        return find(r, paid);
    }

    /** No refund_status means Alipay did not refund it: asking again under the same out_request_no is safe. */
    @Override
    public ProviderRefund queryRefund(ThirdRefund r, ThirdPayment paid) {
        ProviderRefund now = find(r, paid);
        return now.status() == ProviderRefund.Status.SUCCESS ? now : askRefund(r, paid);
    }

    private ProviderRefund find(ThirdRefund r, ThirdPayment paid) {
        AlipayTradeFastpayRefundQueryModel m = new AlipayTradeFastpayRefundQueryModel();
        m.setOutTradeNo(paid.sn());
        m.setOutRequestNo(r.sn());
        AlipayTradeFastpayRefundQueryRequest req = new AlipayTradeFastpayRefundQueryRequest();
        req.setBizModel(m);
        AlipayTradeFastpayRefundQueryResponse q = call(req, "refund query " + r.sn());
        requireSuccess(q, "refund query " + r.sn());
        if (!"REFUND_SUCCESS".equals(q.getRefundStatus())) {
            return new ProviderRefund(ProviderRefund.Status.PROCESSING, "", 0, r.refundAmount());
        }
        long amount = q.getRefundAmount() == null ? r.refundAmount() : Yuan.fen(q.getRefundAmount());
        return new ProviderRefund(ProviderRefund.Status.SUCCESS, q.getTradeNo() == null ? "" : q.getTradeNo(),
                seconds(q.getGmtRefundPay()), amount);
    }

    private <T extends AlipayResponse> T call(AlipayRequest<T> req, String what) {
        try {
            return client.execute(req);
        } catch (AlipayApiException e) {
            // unreachable, timed out, or an answer whose signature does not verify: the outcome is unknown
            throw new IllegalStateException("Alipay " + what + ": " + e.getErrCode() + " " + e.getErrMsg(), e);
        }
    }

    private static void requireSuccess(AlipayResponse r, String what) {
        if (!r.isSuccess()) {
            throw refusal(r, what);
        }
    }

    private static ChannelRefusal refusal(AlipayResponse r, String what) {
        return new ChannelRefusal("Alipay " + what + ": " + r.getCode() + " " + r.getSubCode() + " " + r.getSubMsg(),
                !TRANSIENT.contains(r.getSubCode()) && !"20000".equals(r.getCode()), null);
    }

    private static long seconds(Date d) {
        return d == null ? 0 : d.getTime() / 1000;
    }
}
