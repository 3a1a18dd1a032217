package looklook.payment.rpc.logic;

import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import com.wechat.pay.java.service.refund.model.Status;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.payment.UpdateRefundStatusReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refund's two conversations with WeChat: asking for it (always with the refund sn as
 * out_refund_no, so asking again is answered with the same refund, never a second one) and asking
 * how a refund WeChat accepted ended. Each answer is recorded; a final one settles the refund.
 */
final class RefundAtWeChat {
    private static final Logger log = LoggerFactory.getLogger(RefundAtWeChat.class);
    /** WeChat's refund notify normally settles a refund; without one, the pump queries this long after acceptance. */
    static final long QUERY_AFTER_MS = 60_000;

    private RefundAtWeChat() {
    }

    /** Asks WeChat to refund {@code r} of {@code paid}; returns WeChat's status. Throws what the SDK throws. */
    static Status ask(ServiceContext svc, ThirdRefund r, ThirdPayment paid) {
        Refund answer = svc.wxPay().refunds().create(request(svc, r, paid));
        long now = svc.clock().millis();
        svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.accepted(r.sn(), now, now + QUERY_AFTER_MS));
        log.info("refund {} of payment {} (order {}) asked of WeChat: {}", r.sn(), paid.sn(), paid.orderSn(), answer.getStatus());
        settleIfFinal(svc, r, answer);
        return answer.getStatus();
    }

    /** Asks WeChat how {@code r} stands; returns WeChat's status. */
    static Status query(ServiceContext svc, ThirdRefund r) {
        QueryByOutRefundNoRequest q = new QueryByOutRefundNoRequest();
        q.setOutRefundNo(r.sn());
        Refund answer = svc.wxPay().refunds().queryByOutRefundNo(q);
        settleIfFinal(svc, r, answer);
        return answer.getStatus();
    }

    private static void settleIfFinal(ServiceContext svc, ThirdRefund r, Refund answer) {
        int to = switch (answer.getStatus()) {
            case SUCCESS -> ThirdRefund.SUCCESS;
            case CLOSED -> ThirdRefund.CLOSED;
            case ABNORMAL -> ThirdRefund.ABNORMAL;
            case PROCESSING -> ThirdRefund.PROCESSING;
        };
        if (to == ThirdRefund.PROCESSING) {
            return;
        }
        long amount = answer.getAmount() == null || answer.getAmount().getRefund() == null ? r.refundAmount()
                : answer.getAmount().getRefund();
        new UpdateRefundStatusLogic(svc).updateRefundStatus(UpdateRefundStatusReq.newBuilder()
                .setRefundSn(r.sn()).setRefundStatus(to).setRefundId(answer.getRefundId() == null ? "" : answer.getRefundId())
                .setSuccessTime(WxTimes.epochSecond(answer.getSuccessTime())).setRefundAmount(amount).build());
    }

    private static CreateRequest request(ServiceContext svc, ThirdRefund r, ThirdPayment paid) {
        CreateRequest c = new CreateRequest();
        c.setOutTradeNo(paid.sn());
        c.setOutRefundNo(r.sn());
        c.setReason(r.reason());
        String notifyUrl = svc.config().wxPayConf().refundNotifyUrl();
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
