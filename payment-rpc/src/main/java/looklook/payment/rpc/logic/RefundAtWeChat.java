package looklook.payment.rpc.logic;

import com.wechat.pay.java.core.exception.ServiceException;
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

    private RefundAtWeChat() {
    }

    /**
     * Asks WeChat to refund {@code r} of {@code paid}; returns WeChat's status. A refusal
     * ({@code ServiceException}) is thrown. Without a believable answer (one that does not verify,
     * a timeout) WeChat may or may not have accepted the refund, so it is asked how refund
     * {@code r.sn()} stands; if it never heard of it, the first failure is thrown and the refund
     * pump asks again later (under the same out_refund_no, never a second refund).
     */
    static Status ask(ServiceContext svc, ThirdRefund r, ThirdPayment paid) {
        Refund answer;
        try {
            answer = svc.wxPay().refunds().create(request(svc, r, paid));
        } catch (ServiceException refused) {
            throw refused;
        } catch (RuntimeException unknown) {
            answer = learn(svc, r, unknown);
            log.warn("refund {} of payment {}: the refund answer was not believable ({}); WeChat's refund query says {}",
                    r.sn(), paid.sn(), unknown.toString(), answer.getStatus());
        }
        long now = svc.clock().millis();
        svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.accepted(r.sn(), now, now + svc.config().refundQueryAfterMs()));
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

    /** WeChat's record of refund {@code r} after an answer we could not believe; throws {@code unknown} if there is none. */
    private static Refund learn(ServiceContext svc, ThirdRefund r, RuntimeException unknown) {
        QueryByOutRefundNoRequest q = new QueryByOutRefundNoRequest();
        q.setOutRefundNo(r.sn());
        try {
            return svc.wxPay().refunds().queryByOutRefundNo(q);
        } catch (RuntimeException e) {
            // RESOURCE_NOT_EXISTS: WeChat never took the refund; anything else: still unknown
            unknown.addSuppressed(e);
            throw unknown;
        }
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
