package looklook.sandbox.pay;

import io.javalin.Javalin;
import io.javalin.http.Context;
import looklook.sandbox.WxError;
import looklook.sandbox.crypto.Nonces;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.ledger.Txn;
import looklook.sandbox.wire.Json;
import looklook.sandbox.wire.RefundJson;

/**
 * What a merchant's staff do by hand on WeChat's merchant platform, outside our backend:
 * {@code POST /sim/v1/merchant/refund}. The refund goes through WeChat's books like any other
 * (queries, refund query, bill) but has no notify_url, so no notify reaches our backend.
 */
public final class MerchantPlatformRoutes {
    private final Ledger ledger;
    private final RefundLogic refunds;
    private final PayResponder responder;
    private final String mchId;

    public MerchantPlatformRoutes(Ledger ledger, RefundLogic refunds, PayResponder responder, String mchId) {
        this.ledger = ledger;
        this.refunds = refunds;
        this.responder = responder;
        this.mchId = mchId;
    }

    /** Registers the route on {@code app}. */
    public void register(Javalin app) {
        app.post("/sim/v1/merchant/refund", this::refund);
    }

    private void refund(Context ctx) {
        try {
            PayBodies.MerchantRefund b = Json.read(ctx.bodyAsBytes(), PayBodies.MerchantRefund.class);
            PrepayLogic.require(b.outTradeNo(), "out_trade_no");
            Txn t = ledger.byOutTradeNo(mchId, b.outTradeNo()).orElseThrow(() -> new WxError(404, "RESOURCE_NOT_EXISTS",
                    "no transaction out_trade_no " + b.outTradeNo()));
            long amount = b.amount() != null ? b.amount() : t.total() - t.refunded();
            if (b.amount() == null && amount < 1) {
                throw new WxError(400, "INVALID_REQUEST", "out_trade_no " + b.outTradeNo() + ": nothing left to refund");
            }
            // the platform numbers the refund itself; the merchant's system never saw this number
            String outRefundNo = Nonces.digits(32);
            RefundJson r = refunds.refund(mchId, new PayBodies.Refund(null, b.outTradeNo(), outRefundNo, b.reason(), null,
                    new PayBodies.RefundAmount(amount, t.total(), t.currency())));
            ctx.contentType("application/json; charset=utf-8").result(Json.write(r));
        } catch (WxError e) {
            responder.error(ctx, e);
        }
    }
}
