package looklook.payment.api.logic;

import looklook.payment.api.svc.ServiceContext;
import looklook.payment.api.types.Types;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.QuoteRefundReq;
import looklook.proto.payment.QuoteRefundResp;

/**
 * What cancelling the caller's order would refund now. payment-rpc decides it (the policy, the
 * order's owner and state, what was paid and refunded): another user's order answers as a missing one.
 */
public final class ThirdPaymentRefundQuoteLogic {
    private final ServiceContext svc;

    public ThirdPaymentRefundQuoteLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public Types.ThirdPaymentRefundQuoteResp thirdPaymentRefundQuote(long userId, Types.ThirdPaymentRefundQuoteReq req) {
        String orderSn = Validate.orderSn(req.orderSn());
        QuoteRefundResp q = RpcCalls.call(() -> svc.paymentRpc().quoteRefund(
                QuoteRefundReq.newBuilder().setOrderSn(orderSn).setUserId(userId).build()));
        return new Types.ThirdPaymentRefundQuoteResp(q.getRefundable(), q.getFee(), q.getRule());
    }
}
