package looklook.payment.api.logic;

import com.wechat.pay.java.service.payments.nativepay.model.Amount;
import com.wechat.pay.java.service.payments.nativepay.model.PrepayRequest;
import com.wechat.pay.java.service.payments.nativepay.model.PrepayResponse;
import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;
import looklook.pkg.events.PayMode;
import looklook.pkg.events.TradeType;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.wechat.WxPayText;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.CreatePaymentResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native (QR code) prepay of one of the caller's orders, for a PC page: the same payment row and
 * rules as the JSAPI prepay (owner, amount from the order, one waiting payment, time_expire), with
 * trade type NATIVE; WeChat's code_url comes back as text and drawn as a QR image. No openid: whoever
 * scans the code pays, so the code is handed out only once payment-rpc marked the payment prepaid
 * ({@link CodeHandout}). Every call asks WeChat anew (a repeat gets a fresh code_url for the same
 * order), sending what the payment row fixed at its creation.
 */
public final class ThirdPaymentWxNativePayLogic {
    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentWxNativePayLogic.class);
    private final ServiceContext svc;

    public ThirdPaymentWxNativePayLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.ThirdPaymentQrPayResp thirdPaymentWxNativePay(long userId, Types.ThirdPaymentQrPayReq req) {
        String orderSn = Validate.orderSn(req.orderSn());
        String serviceType = Validate.serviceType(req.serviceType());
        HomestayOrder order = Orders.owned(svc, userId, orderSn);
        long expireTime = Payable.windowEnd(order, svc.clock());

        CreatePaymentResp payment = RpcCalls.call(() -> svc.paymentRpc().createPayment(CreatePaymentReq.newBuilder()
                .setUserId(userId).setPayModel(PayMode.WECHAT_PAY.code()).setTradeType(TradeType.NATIVE.code())
                .setPayTotal(order.getOrderTotalPrice()).setOrderSn(orderSn).setServiceType(serviceType)
                .setExpireTime(expireTime).setDescription(order.getTitle())
                .setNotifyUrl(svc.config().wxPayConf().notifyUrl())
                .setMarksPrepay(true).build())); // its code leaves only once marked: CodeHandout

        String codeUrl = prepay(order, payment).getCodeUrl();
        CodeHandout.markPrepaid(svc, PayMode.WECHAT_PAY, orderSn, payment.getSn());
        log.info("payment {} of order {} prepaid (native) user={} total={} reused={}", payment.getSn(), orderSn, userId,
                order.getOrderTotalPrice(), payment.getReused());
        return new Types.ThirdPaymentQrPayResp(codeUrl, QrCodes.pngDataUrl(codeUrl));
    }

    private PrepayResponse prepay(HomestayOrder order, CreatePaymentResp payment) {
        PrepayRequest p = new PrepayRequest();
        p.setAppid(svc.config().wxPayConf().appId());
        p.setMchid(svc.config().wxPayConf().mchId());
        p.setDescription(payment.getDescription().isEmpty() ? WxPayText.description(order.getTitle()) : payment.getDescription());
        p.setOutTradeNo(payment.getSn());
        p.setNotifyUrl(payment.getNotifyUrl());
        p.setTimeExpire(WxTimes.rfc3339(payment.getExpireTime()));
        Amount amount = new Amount();
        amount.setTotal(Math.toIntExact(order.getOrderTotalPrice()));
        amount.setCurrency("CNY");
        p.setAmount(amount);
        return WxPrepays.ask(order.getSn(), payment.getSn(), () -> svc.wxPay().nativePay().prepay(p));
    }
}
