package looklook.payment.api.logic;

import com.alipay.api.AlipayApiException;
import com.alipay.api.domain.AlipayTradePrecreateModel;
import com.alipay.api.request.AlipayTradePrecreateRequest;
import com.alipay.api.response.AlipayTradePrecreateResponse;
import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;
import looklook.pkg.alipay.AlipayTimes;
import looklook.pkg.alipay.Yuan;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayMode;
import looklook.pkg.events.TradeType;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.CreatePaymentResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alipay face-to-face prepay of one of the caller's orders, for the PC page: the same payment rules as
 * the WeChat prepays (owner, amount from the order, one live payment per order: a WeChat payment
 * waiting is closed first by payment-rpc, at WeChat unless it was never prepaid, the pay window as
 * time_expire), pay mode ALIPAY;
 * {@code alipay.trade.precreate} answers the qr_code, drawn as a QR image and handed out once payment-rpc
 * marked the payment prepaid ({@link CodeHandout}). A repeat sends the same content and gets the same code.
 */
public final class ThirdPaymentAlipayPayLogic {
    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentAlipayPayLogic.class);
    /** Alipay's subject is at most 256 characters. */
    private static final int SUBJECT_MAX = 256;
    private final ServiceContext svc;

    public ThirdPaymentAlipayPayLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.ThirdPaymentQrPayResp thirdPaymentAlipayPay(long userId, Types.ThirdPaymentQrPayReq req) {
        String orderSn = Validate.orderSn(req.orderSn());
        String serviceType = Validate.serviceType(req.serviceType());
        HomestayOrder order = Orders.owned(svc, userId, orderSn);
        long expireTime = Payable.windowEnd(order, svc.clock());

        CreatePaymentResp payment = RpcCalls.call(() -> svc.paymentRpc().createPayment(CreatePaymentReq.newBuilder()
                .setUserId(userId).setPayModel(PayMode.ALIPAY.code()).setTradeType(TradeType.PRECREATE.code())
                .setPayTotal(order.getOrderTotalPrice()).setOrderSn(orderSn).setServiceType(serviceType)
                .setExpireTime(expireTime).setDescription(order.getTitle())
                .setNotifyUrl(svc.config().alipayConf().notifyUrl())
                .setMarksPrepay(true).build())); // its code leaves only once marked: CodeHandout

        String qrCode = precreate(order, payment);
        CodeHandout.markPrepaid(svc, PayMode.ALIPAY, orderSn, payment.getSn());
        log.info("payment {} of order {} prepaid (alipay) user={} total={} reused={}", payment.getSn(), orderSn, userId,
                order.getOrderTotalPrice(), payment.getReused());
        return new Types.ThirdPaymentQrPayResp(qrCode, QrCodes.pngDataUrl(qrCode));
    }

    private String precreate(HomestayOrder order, CreatePaymentResp payment) {
        AlipayTradePrecreateModel m = new AlipayTradePrecreateModel();
        m.setOutTradeNo(payment.getSn());
        m.setTotalAmount(Yuan.of(order.getOrderTotalPrice()));
        String subject = payment.getDescription().isEmpty() ? order.getTitle() : payment.getDescription();
        m.setSubject(subject.length() > SUBJECT_MAX ? subject.substring(0, SUBJECT_MAX) : subject);
        m.setTimeExpire(AlipayTimes.of(payment.getExpireTime()));
        AlipayTradePrecreateRequest r = new AlipayTradePrecreateRequest();
        r.setBizModel(m);
        r.setNotifyUrl(payment.getNotifyUrl());
        AlipayTradePrecreateResponse answer;
        try {
            answer = svc.alipay().execute(r);
        } catch (AlipayApiException e) {
            // unreachable, timed out, or an answer that does not verify: the payment waits, the user tries again
            throw new BizException(ErrorCode.ALIPAY_ERROR, "alipay precreate " + payment.getSn() + ": " + e.getErrMsg(), e);
        }
        if (answer.isSuccess()) {
            return answer.getQrCode();
        }
        if ("ACQ.TRADE_HAS_SUCCESS".equals(answer.getSubCode())) {
            throw new BizException(ErrorCode.PAYMENT_ORDER_ALREADY_PAID, "order " + order.getSn() + " is already paid");
        }
        if ("ACQ.TRADE_HAS_CLOSE".equals(answer.getSubCode())) {
            throw new BizException(ErrorCode.PAYMENT_ORDER_NOT_PAYABLE, "order " + order.getSn() + " can no longer be paid");
        }
        throw new BizException(ErrorCode.ALIPAY_ERROR, "alipay precreate " + payment.getSn() + ": " + answer.getCode() + " "
                + answer.getSubCode() + " " + answer.getSubMsg());
    }
}
