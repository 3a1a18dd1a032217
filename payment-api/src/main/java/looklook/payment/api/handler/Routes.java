package looklook.payment.api.handler;

import looklook.payment.api.logic.ThirdPaymentAlipayCallbackLogic;
import looklook.payment.api.logic.ThirdPaymentAlipayPayLogic;
import looklook.payment.api.logic.ThirdPaymentRefundQuoteLogic;
import looklook.payment.api.logic.ThirdPaymentStatusLogic;
import looklook.payment.api.logic.ThirdPaymentWxNativePayLogic;
import looklook.payment.api.logic.ThirdPaymentWxPayCallbackLogic;
import looklook.payment.api.logic.ThirdPaymentWxPayLogic;
import looklook.payment.api.logic.ThirdPaymentWxPayStatusLogic;
import looklook.payment.api.logic.ThirdPaymentWxRefundCallbackLogic;
import looklook.payment.api.logic.ThirdPaymentWxRefundLogic;
import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;
import looklook.pkg.rest.RestServer;

/** The routes of payment-api (go-zero's handler/routes.go): path, body type, logic. */
public final class Routes {
    private static final String PREFIX = "/payment/v1/thirdPayment";
    /** WeChat's and Alipay's notifies are a few KiB: anything far larger is not theirs and is refused unread. */
    public static final long CALLBACK_MAX_BYTES = 64 << 10;

    private Routes() {
    }

    public static RestServer register(RestServer server, ServiceContext svc) {
        server
                .post(PREFIX + "/thirdPaymentWxPay", Types.ThirdPaymentWxPayReq.class, svc.tokens(),
                        (userId, req) -> new ThirdPaymentWxPayLogic(svc).thirdPaymentWxPay(userId, req))
                .post(PREFIX + "/thirdPaymentWxPayStatus", Types.ThirdPaymentWxPayStatusReq.class, svc.tokens(),
                        (userId, req) -> new ThirdPaymentWxPayStatusLogic(svc).thirdPaymentWxPayStatus(userId, req))
                .post(PREFIX + "/thirdPaymentWxNativePay", Types.ThirdPaymentQrPayReq.class, svc.tokens(),
                        (userId, req) -> new ThirdPaymentWxNativePayLogic(svc).thirdPaymentWxNativePay(userId, req))
                .post(PREFIX + "/thirdPaymentAlipayPay", Types.ThirdPaymentQrPayReq.class, svc.tokens(),
                        (userId, req) -> new ThirdPaymentAlipayPayLogic(svc).thirdPaymentAlipayPay(userId, req))
                .post(PREFIX + "/thirdPaymentStatus", Types.ThirdPaymentStatusReq.class, svc.tokens(),
                        (userId, req) -> new ThirdPaymentStatusLogic(svc).thirdPaymentStatus(userId, req))
                .post(PREFIX + "/thirdPaymentWxRefund", Types.ThirdPaymentWxRefundReq.class, svc.tokens(),
                        (userId, req) -> new ThirdPaymentWxRefundLogic(svc).thirdPaymentWxRefund(userId, req))
                .post(PREFIX + "/thirdPaymentRefundQuote", Types.ThirdPaymentRefundQuoteReq.class, svc.tokens(),
                        (userId, req) -> new ThirdPaymentRefundQuoteLogic(svc).thirdPaymentRefundQuote(userId, req))
                // WeChat calls this one: no JWT, the platform signature over the raw body authenticates it
                .postRaw(PREFIX + "/thirdPaymentWxPayCallback", CALLBACK_MAX_BYTES,
                        (header, body) -> new ThirdPaymentWxPayCallbackLogic(svc).thirdPaymentWxPayCallback(header, body))
                .postRaw(PREFIX + "/thirdPaymentWxRefundCallback", CALLBACK_MAX_BYTES,
                        (header, body) -> new ThirdPaymentWxRefundCallbackLogic(svc).thirdPaymentWxRefundCallback(header, body))
                // Alipay calls this one: a form signed by Alipay's key, bounded as WeChat's
                .postRaw(PREFIX + "/thirdPaymentAlipayCallback", CALLBACK_MAX_BYTES,
                        (header, body) -> new ThirdPaymentAlipayCallbackLogic(svc).thirdPaymentAlipayCallback(header, body));
        return server;
    }
}
