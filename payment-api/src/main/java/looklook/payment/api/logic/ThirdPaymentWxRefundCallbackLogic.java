package looklook.payment.api.logic;

import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import com.wechat.pay.java.service.refund.model.Status;
import java.util.function.UnaryOperator;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.rest.RestServer.RawReply;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.payment.UpdateRefundStatusReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat's refund notify ({@code REFUND.SUCCESS / ABNORMAL / CLOSED}): verified and decrypted like
 * the pay notify, then handed to payment-rpc (which checks the refund and the amount); answered 204 when
 * handled (repeats included), 4xx when it is not WeChat's or not ours, 5xx to be retried.
 */
public final class ThirdPaymentWxRefundCallbackLogic {
    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentWxRefundCallbackLogic.class);
    private final ServiceContext svc;

    public ThirdPaymentWxRefundCallbackLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RawReply thirdPaymentWxRefundCallback(UnaryOperator<String> header, String body) {
        String signature = header.apply("Wechatpay-Signature");
        if (signature != null && signature.startsWith("WECHATPAY/SIGNTEST/")) {
            return fail(401, "probe signature refused");
        }
        RefundNotification n;
        try {
            n = svc.wxPay().parseNotify(header, body, RefundNotification.class);
        } catch (ValidationException e) {
            return fail(401, "signature verification failed");
        } catch (RuntimeException e) {
            return fail(400, "notify could not be read or decrypted");
        }
        // WeChat's signature says it is for our merchant (the SDK's model has no mchid); payment-rpc
        // checks that the refund is one of ours and that the amount is what we asked back
        if (n.getOutRefundNo() == null || !SnPrefix.THIRD_REFUND.matches(n.getOutRefundNo())) {
            log.warn("refund notify for refund {} is not ours", n.getOutRefundNo());
            return fail(400, "not our refund");
        }
        int status = n.getRefundStatus() == Status.SUCCESS ? 1 : n.getRefundStatus() == Status.CLOSED ? 2
                : n.getRefundStatus() == Status.ABNORMAL ? -1 : 0;
        if (status == 0) {
            return new RawReply(204, null); // still processing: nothing to record
        }
        long amount = n.getAmount() == null || n.getAmount().getRefund() == null ? -1 : n.getAmount().getRefund();
        try {
            RpcCalls.call(() -> svc.paymentRpc().updateRefundStatus(UpdateRefundStatusReq.newBuilder()
                    .setRefundSn(n.getOutRefundNo()).setRefundStatus(status)
                    .setRefundId(n.getRefundId() == null ? "" : n.getRefundId())
                    .setSuccessTime(WxTimes.epochSecond(n.getSuccessTime()))
                    .setRefundAmount(amount).build()));
            return new RawReply(204, null);
        } catch (BizException e) {
            if (e.is(ErrorCode.REFUND_NOT_FOUND) || e.is(ErrorCode.REQUEST_PARAM_ERROR) || e.is(ErrorCode.REFUND_NOT_ALLOWED)) {
                log.warn("refund notify {} refused: {}", n.getOutRefundNo(), e.userMessage());
                return fail(400, e.userMessage());
            }
            log.warn("refund notify {} not handled now (WeChat will retry): {}", n.getOutRefundNo(), e.getMessage());
            return fail(500, "try again later");
        }
    }

    private static RawReply fail(int status, String message) {
        return new RawReply(status, "{\"code\":\"FAIL\",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }
}
