package looklook.payment.rpc.logic;

import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import com.wechat.pay.java.service.refund.model.Status;
import java.time.OffsetDateTime;
import java.util.List;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.store.SqlErrors;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.RefundPaymentResp;
import looklook.proto.payment.UpdateRefundStatusReq;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refunds an order's successful payment in full. The refund row is written before WeChat is asked,
 * with a unique key per payment, so a repeat (or a race) gets the same refund and WeChat sees the
 * same out_refund_no, which it answers with the same refund: never two refunds of one payment.
 */
public final class RefundPaymentLogic {
    private static final Logger log = LoggerFactory.getLogger(RefundPaymentLogic.class);
    private final ServiceContext svc;

    public RefundPaymentLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RefundPaymentResp refundPayment(RefundPaymentReq in) {
        String orderSn = Validate.orderSn(in.getOrderSn());
        String reason = in.getReason().strip();
        if (reason.length() > 80) {
            throw BizException.badParam("reason: " + reason.length() + " characters (expected at most 80)");
        }
        // 1. the payment to give back: the order's successful (or already refunded) one
        List<ThirdPayment> payments = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(orderSn));
        ThirdPayment paid = payments.stream()
                .filter(p -> p.status() == PayStatus.SUCCESS || p.status() == PayStatus.REFUNDED).findFirst()
                .orElseThrow(() -> new BizException(ErrorCode.REFUND_NOT_ALLOWED, "order " + orderSn + " has no successful payment"));

        // 2. one refund per payment, recorded before WeChat hears of it
        ThirdRefund refund = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneByPaymentSn(paid.sn()))
                .orElseGet(() -> create(paid, reason.isEmpty() ? "user request" : reason));
        if (refund.refundStatus() != ThirdRefund.PROCESSING) {
            return resp(refund);
        }

        // 3. ask WeChat (again, for a repeat: same out_refund_no, same refund)
        Refund answer = svc.wxPay().refunds().create(request(paid, refund));
        if (answer.getStatus() == Status.SUCCESS) {
            new UpdateRefundStatusLogic(svc).updateRefundStatus(UpdateRefundStatusReq.newBuilder()
                    .setRefundSn(refund.sn()).setRefundStatus(ThirdRefund.SUCCESS).setRefundId(nz(answer.getRefundId()))
                    .setSuccessTime(epochSecond(answer.getSuccessTime())).setRefundAmount(refund.refundAmount()).build());
        }
        log.info("refund {} of payment {} (order {}) asked of WeChat: {}", refund.sn(), paid.sn(), orderSn, answer.getStatus());
        return resp(svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneBySn(refund.sn())).orElseThrow());
    }

    private ThirdRefund create(ThirdPayment paid, String reason) {
        ThirdRefund r = new ThirdRefund(0, svc.sns().next(SnPrefix.THIRD_REFUND), paid.sn(), paid.orderSn(), paid.userId(),
                paid.payTotal(), reason, ThirdRefund.PROCESSING, "", 0);
        try {
            svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.insert(r));
            return r;
        } catch (JdbiException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                // another call created it first: use theirs
                return svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneByPaymentSn(paid.sn())).orElseThrow();
            }
            throw new BizException(ErrorCode.DB_ERROR, "refund of payment " + paid.sn() + ": " + e.getMessage(), e);
        }
    }

    private CreateRequest request(ThirdPayment paid, ThirdRefund refund) {
        CreateRequest c = new CreateRequest();
        c.setOutTradeNo(paid.sn());
        c.setOutRefundNo(refund.sn());
        c.setReason(refund.reason());
        String notifyUrl = svc.config().wxPayConf().refundNotifyUrl();
        if (notifyUrl != null && !notifyUrl.isEmpty()) {
            c.setNotifyUrl(notifyUrl);
        }
        AmountReq a = new AmountReq();
        a.setRefund(refund.refundAmount());
        a.setTotal(paid.payTotal());
        a.setCurrency("CNY");
        c.setAmount(a);
        return c;
    }

    private static RefundPaymentResp resp(ThirdRefund r) {
        return RefundPaymentResp.newBuilder().setRefundSn(r.sn()).setRefundStatus(r.refundStatus())
                .setRefundAmount(r.refundAmount()).setPaymentSn(r.paymentSn()).build();
    }

    private static long epochSecond(String rfc3339) {
        return rfc3339 == null || rfc3339.isEmpty() ? 0 : OffsetDateTime.parse(rfc3339).toEpochSecond();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
