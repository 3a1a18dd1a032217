package looklook.payment.api.logic;

import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;
import looklook.pkg.events.TradeType;
import looklook.proto.payment.PaymentDetail;

/**
 * The one status poll for every channel (the PC checkout's): the order's payment status and trade
 * state as {@code thirdPaymentWxPayStatus} answers them, plus the channel of the payment shown.
 */
public final class ThirdPaymentStatusLogic {
    private final ServiceContext svc;

    public ThirdPaymentStatusLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.ThirdPaymentStatusResp thirdPaymentStatus(long userId, Types.ThirdPaymentStatusReq req) {
        OrderPayments.Shown s = OrderPayments.of(svc, userId, Validate.orderSn(req.orderSn()));
        return new Types.ThirdPaymentStatusResp(s.payStatus(), s.orderTradeState(),
                s.payment().map(PaymentDetail::getPayMode).orElse(""), s.payment().map(ThirdPaymentStatusLogic::tradeType).orElse(""));
    }

    /** A WeChat payment made before trade types were kept was a JSAPI one; WeChat's other types as it names them. */
    private static String tradeType(PaymentDetail p) {
        return TradeType.orJsapi(p.getTradeType()).map(TradeType::code).orElse(p.getTradeType());
    }
}
