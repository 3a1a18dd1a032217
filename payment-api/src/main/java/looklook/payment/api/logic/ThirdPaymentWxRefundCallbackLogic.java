package looklook.payment.api.logic;

import com.wechat.pay.java.service.refund.model.RefundNotification;
import java.util.function.UnaryOperator;
import looklook.payment.api.logic.NotifyIntake.Checked;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rest.RestServer.RawReply;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.UpdateRefundStatusReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat's refund notify ({@code REFUND.SUCCESS / ABNORMAL / CLOSED}): checked and decrypted by
 * {@link NotifyIntake} like the pay notify, read by {@link RefundNotice}, then handed to payment-rpc
 * (which checks the refund's amount and payment); answered 204 when handled (repeats included, and a
 * well-formed refund we never made), 4xx with a fixed body when it is not WeChat's, unreadable or
 * inconsistent, 5xx to be retried. Audited like the pay notify, through the same intake.
 */
public final class ThirdPaymentWxRefundCallbackLogic {
    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentWxRefundCallbackLogic.class);
    private final ServiceContext svc;

    public ThirdPaymentWxRefundCallbackLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RawReply thirdPaymentWxRefundCallback(UnaryOperator<String> header, String body) {
        RecordWxPayNotifyReq.Builder audit = RecordWxPayNotifyReq.newBuilder();
        Checked<RefundNotification> checked = NotifyIntake.check(svc, header, body, RefundNotification.class, audit);
        return NotifyIntake.finish(svc, audit, checked.verified() ? apply(checked.resource(), audit) : checked.refusal());
    }

    private RawReply apply(RefundNotification n, RecordWxPayNotifyReq.Builder audit) {
        audit.setPaymentSn(n.getOutTradeNo() == null ? "" : n.getOutTradeNo());
        RefundNotice.Read read = RefundNotice.read(n);
        if (read.notice() == null) {
            return refuse(audit, "unreadable", read.problem());
        }
        RefundNotice r = read.notice();
        int status = switch (r.status()) {
            case SUCCESS -> 1;
            case CLOSED -> 2;
            case ABNORMAL -> -1;
            case PROCESSING -> 0;
        };
        if (status == 0) {
            audit.setOutcome("ignored").setDetail("refund " + r.refundSn() + " still processing");
            return NotifyIntake.handled(); // nothing to record
        }
        try {
            RpcCalls.call(() -> svc.paymentRpc().updateRefundStatus(UpdateRefundStatusReq.newBuilder()
                    .setRefundSn(r.refundSn()).setRefundStatus(status).setRefundId(r.refundId())
                    .setSuccessTime(r.successTime()).setRefundAmount(r.refund())
                    .setPaymentSn(r.paymentSn()).setTransactionId(r.transactionId()).setPaymentTotal(r.total()).build()));
            audit.setOutcome("applied").setDetail("refund " + r.refundSn() + " status " + status);
            return NotifyIntake.handled();
        } catch (BizException e) {
            if (e.is(ErrorCode.REFUND_NOT_FOUND)) {
                // our refund rows are written before WeChat is asked: an unknown one never becomes known,
                // so WeChat's retries would be for nothing; the audit keeps it for a person to look at
                log.warn("refund notify for unknown refund {} (payment {}) kept in the audit, answered as handled",
                        r.refundSn(), r.paymentSn());
                audit.setOutcome("unknown").setDetail("refund " + r.refundSn() + ": " + e.userMessage());
                return NotifyIntake.handled();
            }
            if (e.is(ErrorCode.REQUEST_PARAM_ERROR) || e.is(ErrorCode.REFUND_NOT_ALLOWED)) {
                return refuse(audit, "rejected", "refund " + r.refundSn() + ": " + e.userMessage());
            }
            log.warn("refund notify {} not handled now (WeChat will retry): {}", r.refundSn(), e.getMessage());
            audit.setOutcome("failed").setDetail("temporarily unable to handle the notify");
            return NotifyIntake.retry();
        }
    }

    private static RawReply refuse(RecordWxPayNotifyReq.Builder audit, String outcome, String why) {
        log.warn("refund notify refused: {}", why);
        audit.setOutcome(outcome).setDetail(why);
        return NotifyIntake.refused(400);
    }
}
