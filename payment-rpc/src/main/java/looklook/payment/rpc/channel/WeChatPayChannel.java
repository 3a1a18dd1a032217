package looklook.payment.rpc.channel;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.jsapi.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.pkg.events.PayMode;
import looklook.pkg.wechat.WxPayClients;
import looklook.pkg.wechat.WxPayConf;
import looklook.pkg.wechat.WxTimes;
import looklook.pkg.wechat.WxTransactionCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat Pay (JSAPI and Native alike: one query and close by out_trade_no), through the official SDK.
 * A transaction is ours when {@link WxTransactionCheck} says so, the rule the notify path uses too.
 */
public final class WeChatPayChannel implements PayChannel {
    private static final Logger log = LoggerFactory.getLogger(WeChatPayChannel.class);
    private final WxPayConf conf;
    private final WxPayClients wxPay;

    public WeChatPayChannel(WxPayConf conf, WxPayClients wxPay) {
        this.conf = conf;
        this.wxPay = wxPay;
    }

    @Override
    public PayMode mode() {
        return PayMode.WECHAT_PAY;
    }

    @Override
    public Optional<ProviderTrade> query(ThirdPayment p) {
        return transaction(p.sn()).map(t -> trade(conf, t, p));
    }

    /** WeChat's transaction {@code t} in the channel's words, checked against {@code p}. */
    public static ProviderTrade trade(WxPayConf conf, Transaction t, ThirdPayment p) {
        ProviderTrade.State state = WxTransactionCheck.tookMoney(t) ? ProviderTrade.State.TOOK_MONEY
                : WxTransactionCheck.closedUnpaid(t) ? ProviderTrade.State.CLOSED_UNPAID : ProviderTrade.State.OPEN;
        return new ProviderTrade(state, t.getTradeState() == null ? "" : t.getTradeState().name(),
                t.getTransactionId() == null ? "" : t.getTransactionId(),
                t.getTradeType() == null ? "" : t.getTradeType().name(),
                t.getTradeStateDesc() == null ? "" : t.getTradeStateDesc(),
                WxTimes.epochSecond(t.getSuccessTime()), WxTransactionCheck.mismatch(conf, t, p.sn(), p.payTotal()));
    }

    @Override
    public Optional<List<BillLine>> tradeBill(LocalDate day) {
        return WeChatTradeBill.download(wxPay, day);
    }

    @Override
    public ProviderTrade billTrade(BillLine l, ThirdPayment p) {
        return trade(conf, WeChatTradeBill.transaction(l), p);
    }

    private Optional<Transaction> transaction(String sn) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(conf.mchId());
        q.setOutTradeNo(sn);
        try {
            return Optional.of(wxPay.jsapi().queryOrderByOutTradeNo(q));
        } catch (ServiceException e) {
            if ("ORDER_NOT_EXIST".equals(e.getErrorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Without a believable "closed" (an answer that does not verify, a failure, a timeout: the close may
     * or may not have happened, and the payer may have paid just before it) WeChat is asked how the
     * transaction stands.
     */
    @Override
    public Optional<ProviderTrade> closeOrFindPaid(ThirdPayment p) {
        CloseOrderRequest c = new CloseOrderRequest();
        c.setMchid(conf.mchId());
        c.setOutTradeNo(p.sn());
        try {
            wxPay.jsapi().closeOrder(c);
            return Optional.empty();
        } catch (RuntimeException e) {
            Optional<ProviderTrade> now;
            try {
                now = query(p);
            } catch (RuntimeException q) {
                e.addSuppressed(q);
                throw e;
            }
            if (now.isPresent() && now.get().state() == ProviderTrade.State.TOOK_MONEY) {
                return now;
            }
            if (now.isPresent() && now.get().state() == ProviderTrade.State.CLOSED_UNPAID) {
                log.info("payment {}: close answered {}, yet WeChat reports it CLOSED", p.sn(), e.toString());
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean closesUnknown() {
        return false;
    }

    /**
     * A refusal is a {@link ChannelRefusal}; without a believable answer (one that does not verify, a
     * timeout) WeChat is asked how refund {@code r.sn()} stands, and if it never heard of it the first
     * failure is thrown.
     */
    @Override
    public ProviderRefund askRefund(ThirdRefund r, ThirdPayment paid) {
        try {
            return refund(wxPay.refunds().create(request(r, paid)), r);
        } catch (ServiceException refused) {
            throw refusal(refused);
        } catch (RuntimeException unknown) {
            Refund learnt;
            try {
                learnt = find(r);
            } catch (RuntimeException e) {
                // RESOURCE_NOT_EXISTS: WeChat never took the refund; anything else: still unknown
                unknown.addSuppressed(e);
                throw unknown;
            }
            log.warn("refund {} of payment {}: the refund answer was not believable ({}); WeChat's refund query says {}",
                    r.sn(), paid.sn(), unknown.toString(), learnt.getStatus());
            return refund(learnt, r);
        }
    }

    @Override
    public ProviderRefund queryRefund(ThirdRefund r, ThirdPayment paid) {
        try {
            return refund(find(r), r);
        } catch (ServiceException e) {
            throw refusal(e);
        }
    }

    private Refund find(ThirdRefund r) {
        QueryByOutRefundNoRequest q = new QueryByOutRefundNoRequest();
        q.setOutRefundNo(r.sn());
        return wxPay.refunds().queryByOutRefundNo(q);
    }

    private static ChannelRefusal refusal(ServiceException e) {
        return new ChannelRefusal("WeChat " + e.getHttpStatusCode() + " " + e.getErrorCode() + ": " + e.getErrorMessage(),
                e.getHttpStatusCode() < 500 && e.getHttpStatusCode() != 429, e);
    }

    private static ProviderRefund refund(Refund answer, ThirdRefund r) {
        ProviderRefund.Status status = switch (answer.getStatus()) {
            case SUCCESS -> ProviderRefund.Status.SUCCESS;
            case CLOSED -> ProviderRefund.Status.CLOSED;
            case ABNORMAL -> ProviderRefund.Status.ABNORMAL;
            case PROCESSING -> ProviderRefund.Status.PROCESSING;
        };
        long amount = answer.getAmount() == null || answer.getAmount().getRefund() == null ? r.refundAmount()
                : answer.getAmount().getRefund();
        return new ProviderRefund(status, answer.getRefundId() == null ? "" : answer.getRefundId(),
                WxTimes.epochSecond(answer.getSuccessTime()), amount);
    }

    private CreateRequest request(ThirdRefund r, ThirdPayment paid) {
        CreateRequest c = new CreateRequest();
        c.setOutTradeNo(paid.sn());
        c.setOutRefundNo(r.sn());
        c.setReason(r.reason());
        String notifyUrl = conf.refundNotifyUrl();
        if (notifyUrl != null && !notifyUrl.isEmpty()) {
            c.setNotifyUrl(notifyUrl);
        }
        AmountReq a = new AmountReq();
        a.setRefund(r.refundAmount());
        a.setTotal(paid.payTotal());
        a.setCurrency("CNY");
        c.setAmount(a);
        return c;
    }
}
