package looklook.payment.rpc.logic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wechat.pay.java.core.cipher.PrivacyEncryptor;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.http.HttpMethod;
import com.wechat.pay.java.core.http.HttpRequest;
import com.wechat.pay.java.core.http.JsonRequestBody;
import com.wechat.pay.java.service.refund.model.Refund;
import java.util.Set;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.wechat.WxPayConf;
import looklook.proto.payment.ApplyAbnormalRefundReq;
import looklook.proto.payment.RefundPaymentResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's recovery of an ABNORMAL refund (the payer's card or WeChat account was closed; WeChat
 * holds the money): WeChat's apply-abnormal-refund pays it to another card of the payer, or to the
 * merchant's bank account (to be paid to the guest outside WeChat Pay). WeChat answers the refund
 * processing again; it is reopened here so the refund pump queries it until WeChat says SUCCESS (the
 * notify usually comes first), which settles the payment and the order as any refund does.
 */
public final class ApplyAbnormalRefundLogic {
    private static final Logger log = LoggerFactory.getLogger(ApplyAbnormalRefundLogic.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("USER_BANK_CARD", "MERCHANT_BANK_CARD");
    private final ServiceContext svc;

    public ApplyAbnormalRefundLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RefundPaymentResp applyAbnormalRefund(ApplyAbnormalRefundReq in) {
        String sn = Validate.refundSn(in.getRefundSn());
        if (!TYPES.contains(in.getType())) {
            throw BizException.badParam("type: " + Validate.quote(in.getType()) + " (expected USER_BANK_CARD or MERCHANT_BANK_CARD)");
        }
        boolean toPayer = in.getType().equals("USER_BANK_CARD");
        if (toPayer && (in.getBankType().isBlank() || in.getBankAccount().isBlank() || in.getRealName().isBlank())) {
            throw BizException.badParam("bankType, bankAccount, realName: all needed with USER_BANK_CARD");
        }
        ThirdRefund r = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneBySn(sn))
                .orElseThrow(() -> new BizException(ErrorCode.REFUND_NOT_FOUND, "refund " + sn + " not found"));
        if (r.refundStatus() != ThirdRefund.ABNORMAL || r.refundId().isEmpty()) {
            throw new BizException(ErrorCode.REFUND_NOT_ALLOWED, "refund " + sn + " has status " + r.refundStatus()
                    + " (only an ABNORMAL refund (-1) is applied for)");
        }
        Refund answer;
        try {
            answer = svc.wxPay().httpClient().execute(request(r, in, toPayer), Refund.class).getServiceResponse();
        } catch (ServiceException e) {
            throw new BizException(ErrorCode.REFUND_NOT_ALLOWED, "WeChat refused the abnormal refund of " + sn + ": "
                    + e.getHttpStatusCode() + " " + e.getErrorCode() + " " + e.getErrorMessage(), e);
        } catch (RuntimeException e) {
            throw new BizException(ErrorCode.WX_PAY_ERROR, "abnormal refund of " + sn + ": " + e, e);
        }
        svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.reopenAbnormal(sn, svc.clock().millis() + svc.config().refundQueryAfterMs()));
        log.warn("refund {} of payment {} (order {}): abnormal refund applied for ({}), WeChat says {}", sn, r.paymentSn(),
                r.orderSn(), in.getType(), answer.getStatus());
        svc.refundPump().wake();
        return RefundPaymentLogic.resp(svc, sn, 0);
    }

    private HttpRequest request(ThirdRefund r, ApplyAbnormalRefundReq in, boolean toPayer) {
        ObjectNode body = JSON.createObjectNode().put("out_refund_no", r.sn()).put("type", in.getType());
        HttpRequest.Builder b = new HttpRequest.Builder().httpMethod(HttpMethod.POST)
                .url(WxPayConf.WECHAT_PAY + "/v3/refund/domestic/refunds/" + r.refundId() + "/apply-abnormal-refund")
                .addHeader("Accept", "application/json").addHeader("Content-Type", "application/json");
        if (toPayer) {
            // the card and the name travel encrypted for WeChat's key, named by Wechatpay-Serial, as the SDK's
            // own services send any sensitive field
            PrivacyEncryptor enc = svc.wxPay().config().createEncryptor();
            body.put("bank_type", in.getBankType()).put("bank_account", enc.encrypt(in.getBankAccount()))
                    .put("real_name", enc.encrypt(in.getRealName()));
            b.addHeader("Wechatpay-Serial", enc.getWechatpaySerial());
        }
        return b.body(new JsonRequestBody.Builder().body(body.toString()).build()).build();
    }
}
