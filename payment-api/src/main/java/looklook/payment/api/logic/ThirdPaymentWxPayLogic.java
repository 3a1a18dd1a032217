package looklook.payment.api.logic;

import com.wechat.pay.java.service.payments.jsapi.model.Amount;
import com.wechat.pay.java.service.payments.jsapi.model.Payer;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayRequest;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayMode;
import looklook.pkg.events.TradeType;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.wechat.WxPayText;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.CreatePaymentResp;
import looklook.proto.usercenter.GetUserAuthByUserIdReq;
import looklook.proto.usercenter.GetUserAuthyUserIdResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSAPI prepay of one of the caller's orders: the payment row (reused by a retry), then WeChat's
 * prepay_id and the signed parameters {@code wx.requestPayment} takes, handed out once payment-rpc
 * marked the payment prepaid ({@link CodeHandout}). Every call asks WeChat anew:
 * a prepay_id lives two hours, and a repeated prepay of the same payment gets a fresh one, so none
 * is kept here. The repeat must send exactly what the first did (WeChat refuses any change, "201
 * 商户订单号重复"): description, notify_url and time_expire come from the payment row, fixed when it
 * was created, not from the order title or the configuration as they are now.
 */
public final class ThirdPaymentWxPayLogic {
    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentWxPayLogic.class);
    private final ServiceContext svc;

    public ThirdPaymentWxPayLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.ThirdPaymentWxPayResp thirdPaymentWxPay(long userId, Types.ThirdPaymentWxPayReq req) {
        // 1. the caller's order, still waiting for its money
        String orderSn = Validate.orderSn(req.orderSn());
        String serviceType = Validate.serviceType(req.serviceType());
        HomestayOrder order = Orders.owned(svc, userId, orderSn);
        long expireTime = Payable.windowEnd(order, svc.clock());

        // 2. who pays: the openid the user logged in to the mini program with
        GetUserAuthyUserIdResp auth = RpcCalls.call(() -> svc.usercenterRpc().getUserAuthByUserId(
                GetUserAuthByUserIdReq.newBuilder().setUserId(userId).setAuthType("wxMini").build()));
        if (!auth.hasUserAuth()) {
            throw new BizException(ErrorCode.PAYMENT_WX_OPENID_NOT_FOUND, "user " + userId + " has no WeChat openid: log in with WeChat first");
        }

        // 3. our payment row: its sn is the out_trade_no, so a retry prepays the same WeChat order
        CreatePaymentResp payment = RpcCalls.call(() -> svc.paymentRpc().createPayment(CreatePaymentReq.newBuilder()
                .setUserId(userId).setPayModel(PayMode.WECHAT_PAY.code()).setTradeType(TradeType.JSAPI.code())
                .setPayTotal(order.getOrderTotalPrice())
                .setOrderSn(orderSn).setServiceType(serviceType).setExpireTime(expireTime)
                .setDescription(order.getTitle()).setNotifyUrl(svc.config().wxPayConf().notifyUrl())
                .setMarksPrepay(true).build())); // its code leaves only once marked: CodeHandout

        // 4. WeChat's prepay_id, signed for wx.requestPayment; handed out only once payment-rpc marked it prepaid
        PrepayWithRequestPaymentResponse r = prepay(order, payment, auth.getUserAuth().getAuthKey(), expireTime);
        CodeHandout.markPrepaid(svc, PayMode.WECHAT_PAY, orderSn, payment.getSn());
        log.info("payment {} of order {} prepaid user={} total={} reused={}", payment.getSn(), orderSn, userId,
                order.getOrderTotalPrice(), payment.getReused());
        return new Types.ThirdPaymentWxPayResp(r.getAppId(), r.getNonceStr(), r.getPackageVal(), r.getPaySign(),
                r.getSignType(), r.getTimeStamp());
    }

    /**
     * The prepay of {@code payment} with what its row fixed; a field it lacks (a payment-rpc older than
     * the fields, during a rolling deploy) is sent as it is now, as before they were kept.
     */
    private PrepayWithRequestPaymentResponse prepay(HomestayOrder order, CreatePaymentResp payment, String openid,
                                                    long expireTime) {
        String paymentSn = payment.getSn();
        PrepayRequest p = new PrepayRequest();
        p.setAppid(svc.config().wxPayConf().appId());
        p.setMchid(svc.config().wxPayConf().mchId());
        p.setDescription(payment.getDescription().isEmpty() ? WxPayText.description(order.getTitle()) : payment.getDescription());
        p.setOutTradeNo(paymentSn);
        p.setNotifyUrl(payment.getNotifyUrl().isEmpty() ? svc.config().wxPayConf().notifyUrl() : payment.getNotifyUrl());
        p.setTimeExpire(WxTimes.rfc3339(payment.getExpireTime() > 0 ? payment.getExpireTime() : expireTime));
        Amount amount = new Amount();
        amount.setTotal(Math.toIntExact(order.getOrderTotalPrice()));
        amount.setCurrency("CNY");
        p.setAmount(amount);
        Payer payer = new Payer();
        payer.setOpenid(openid);
        p.setPayer(payer);
        return WxPrepays.ask(order.getSn(), paymentSn, () -> svc.wxPay().jsapiExtension().prepayWithRequestPayment(p));
    }
}
