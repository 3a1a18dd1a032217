package looklook.payment.api.logic;

import com.wechat.pay.java.service.refund.model.RefundNotification;
import com.wechat.pay.java.service.refund.model.Status;
import java.util.Optional;
import java.util.function.UnaryOperator;
import looklook.payment.api.logic.NotifyIntake.Checked;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.rest.RestServer.RawReply;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.wechat.WxTimes;
import looklook.pkg.wechat.WxTransactionCheck;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.UpdateRefundStatusReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat's refund notify ({@code REFUND.SUCCESS / ABNORMAL / CLOSED}): checked and decrypted by
 * {@link NotifyIntake} like the pay notify, then handed to payment-rpc (which checks the refund and the
 * amount); answered 204 when handled (repeats included), 4xx with a fixed body when it is not WeChat's
 * or not ours, 5xx to be retried. Audited like the pay notify.
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
        String refundSn = n.getOutRefundNo() == null ? "" : n.getOutRefundNo();
        audit.setPaymentSn(n.getOutTradeNo() == null ? "" : n.getOutTradeNo());
        // WeChat's signature says it is for our merchant (the SDK's model has no mchid); payment-rpc
        // checks that the refund is one of ours and that the amount is what we asked back
        if (!SnPrefix.THIRD_REFUND.matches(refundSn)) {
            return refuse(audit, "unknown", "refund " + refundSn + " is not ours");
        }
        Optional<String> bad = WxTransactionCheck.refundMismatch(n, refundSn);
        if (bad.isPresent()) {
            return refuse(audit, "mismatch", bad.get());
        }
        int status = n.getRefundStatus() == Status.SUCCESS ? 1 : n.getRefundStatus() == Status.CLOSED ? 2
                : n.getRefundStatus() == Status.ABNORMAL ? -1 : 0;
        if (status == 0) {
            audit.setOutcome("ignored").setDetail("refund " + refundSn + " still processing");
            return NotifyIntake.handled(); // nothing to record
        }
        long amount = n.getAmount() == null || n.getAmount().getRefund() == null ? -1 : n.getAmount().getRefund();
        try {
            RpcCalls.call(() -> svc.paymentRpc().updateRefundStatus(UpdateRefundStatusReq.newBuilder()
                    .setRefundSn(refundSn).setRefundStatus(status)
                    .setRefundId(n.getRefundId() == null ? "" : n.getRefundId())
                    .setSuccessTime(WxTimes.epochSecond(n.getSuccessTime()))
                    .setRefundAmount(amount).build()));
            audit.setOutcome("applied").setDetail("refund " + refundSn + " status " + status);
            return NotifyIntake.handled();
        } catch (BizException e) {
            if (e.is(ErrorCode.REFUND_NOT_FOUND) || e.is(ErrorCode.REQUEST_PARAM_ERROR) || e.is(ErrorCode.REFUND_NOT_ALLOWED)) {
                return refuse(audit, "rejected", "refund " + refundSn + ": " + e.userMessage());
            }
            log.warn("refund notify {} not handled now (WeChat will retry): {}", refundSn, e.getMessage());
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
