package looklook.payment.api.logic;

import com.wechat.pay.java.core.exception.WechatPayException;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;
import looklook.pkg.events.PayStatus;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.GetPaymentsByOrderSnReq;
import looklook.proto.payment.PaymentDetail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the front end polls after {@code wx.requestPayment}, never trusting the client-side result.
 * A payment still waiting a while after its creation is asked about at WeChat (its notify may be
 * lost), at most once per payment per {@code QueryWaitingPaymentEvery} whoever polls, and a
 * SUCCESS found there is applied exactly as a notify would be.
 */
public final class ThirdPaymentWxPayStatusLogic {
    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentWxPayStatusLogic.class);
    private static final long WAIT = PayStatus.WAIT.code();
    private final ServiceContext svc;

    public ThirdPaymentWxPayStatusLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.ThirdPaymentWxPayStatusResp thirdPaymentWxPayStatus(long userId, Types.ThirdPaymentWxPayStatusReq req) {
        String orderSn = Validate.orderSn(req.orderSn());
        HomestayOrder order = Orders.owned(svc, userId, orderSn);
        List<PaymentDetail> payments = RpcCalls.call(() -> svc.paymentRpc().getPaymentsByOrderSn(
                GetPaymentsByOrderSnReq.newBuilder().setOrderSn(orderSn).build())).getListList();
        Optional<PaymentDetail> shown = mostTelling(payments);
        if (shown.isPresent() && shown.get().getPayStatus() == WAIT && waitedLongEnough(shown.get())
                && svc.wechatQueries().first(shown.get().getSn())) {
            shown = Optional.of(askWechat(shown.get()));
        }
        return new Types.ThirdPaymentWxPayStatusResp(shown.map(PaymentDetail::getPayStatus).orElse(WAIT), order.getTradeState());
    }

    /** The payment that took the money if one did (success or refunded), else the newest. */
    private static Optional<PaymentDetail> mostTelling(List<PaymentDetail> newestFirst) {
        return newestFirst.stream().filter(p -> p.getPayStatus() == 1 || p.getPayStatus() == 2).findFirst()
                .or(() -> newestFirst.stream().max(Comparator.comparingLong(PaymentDetail::getId)));
    }

    private boolean waitedLongEnough(PaymentDetail p) {
        return svc.clock().millis() - p.getCreateTime() * 1000 >= svc.config().queryWaitingPaymentAfter();
    }

    /** The payment after applying WeChat's answer; unchanged when WeChat cannot be asked now. */
    private PaymentDetail askWechat(PaymentDetail p) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(svc.config().wxPayConf().mchId());
        q.setOutTradeNo(p.getSn());
        Transaction t;
        try {
            t = svc.wxPay().jsapiExtension().queryOrderByOutTradeNo(q);
        } catch (WechatPayException | IllegalArgumentException e) {
            log.warn("payment {} of order {}: WeChat query failed, answering from our records: {}", p.getSn(), p.getOrderSn(), e.toString());
            return p;
        }
        WxTransactions.Result r = WxTransactions.apply(svc, t);
        log.info("payment {} of order {} queried at WeChat: trade_state={} outcome={}", p.getSn(), p.getOrderSn(),
                t.getTradeState(), r.outcome().code());
        return r.payment() == null ? p : r.payment();
    }
}
