package looklook.sandbox.pay;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import looklook.sandbox.WxError;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.ledger.PayerAccount;
import looklook.sandbox.wire.Json;

/**
 * The payer's side of refunds: {@code POST /sim/v1/payer/account {"openid","state"}} closes the
 * card the payer paid with ({@code card_closed}: refunds to them settle ABNORMAL and WeChat holds
 * the money), closes their WeChat account ({@code deregistered}: refund requests are refused 403
 * USER_ACCOUNT_ABNORMAL), or restores it ({@code ok}).
 */
public final class PayerAccountRoutes {
    private final Ledger ledger;
    private final PayResponder responder;

    public PayerAccountRoutes(Ledger ledger, PayResponder responder) {
        this.ledger = ledger;
        this.responder = responder;
    }

    /** Registers the route on {@code app}. */
    public void register(Javalin app) {
        app.post("/sim/v1/payer/account", this::set);
    }

    private void set(Context ctx) {
        try {
            PayBodies.PayerAccountState b = Json.read(ctx.bodyAsBytes(), PayBodies.PayerAccountState.class);
            PrepayLogic.require(b.openid(), "openid");
            PayerAccount state;
            try {
                state = PayerAccount.valueOf(String.valueOf(b.state()).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw WxError.param("state: " + b.state() + " (expected ok, card_closed or deregistered)");
            }
            ledger.payerAccount(b.openid(), state);
            ctx.contentType("application/json; charset=utf-8")
                    .result(Json.write(Map.of("openid", b.openid(), "state", state.name().toLowerCase(Locale.ROOT))));
        } catch (WxError e) {
            responder.error(ctx, e);
        }
    }
}
