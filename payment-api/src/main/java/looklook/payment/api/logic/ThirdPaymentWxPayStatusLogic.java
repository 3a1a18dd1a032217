package looklook.payment.api.logic;

import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;

/**
 * The mini program's poll after {@code wx.requestPayment}: the order's payment status and trade
 * state ({@link OrderPayments}); kept as looklook named it, beside the channel-neutral
 * {@link ThirdPaymentStatusLogic}.
 */
public final class ThirdPaymentWxPayStatusLogic {
    private final ServiceContext svc;

    public ThirdPaymentWxPayStatusLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.ThirdPaymentWxPayStatusResp thirdPaymentWxPayStatus(long userId, Types.ThirdPaymentWxPayStatusReq req) {
        OrderPayments.Shown s = OrderPayments.of(svc, userId, Validate.orderSn(req.orderSn()));
        return new Types.ThirdPaymentWxPayStatusResp(s.payStatus(), s.orderTradeState());
    }
}
