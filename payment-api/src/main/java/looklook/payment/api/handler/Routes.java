package looklook.payment.api.handler;

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
    /** WeChat's notifies are a few KiB: anything far larger is not WeChat's and is refused unread. */
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
                        (header, body) -> new ThirdPaymentWxRefundCallbackLogic(svc).thirdPaymentWxRefundCallback(header, body));
        return server;
    }
}
