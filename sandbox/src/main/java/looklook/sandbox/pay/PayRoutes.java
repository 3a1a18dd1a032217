package looklook.sandbox.pay;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import looklook.sandbox.WxError;
import looklook.sandbox.bill.BillLogic;
import looklook.sandbox.faults.Faults;
import looklook.sandbox.ledger.TradeType;
import looklook.sandbox.wire.FileBody;
import looklook.sandbox.wire.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pay API v3 routes a merchant calls (payments, refunds, the trade bill and its download),
 * plus the payer's {@code POST /sim/v1/pay}. Every
 * merchant call goes through the same steps: call fault (before), signature check, delay fault
 * (WeChat gets the call late), logic, call fault (after: the call took effect but the merchant
 * sees a failure), signed answer.
 */
public final class PayRoutes {
    private static final Logger log = LoggerFactory.getLogger(PayRoutes.class);

    private final MerchantAuth auth;
    private final PayResponder responder;
    private final Faults faults;
    private final PrepayLogic prepay;
    private final OrderLogic orders;
    private final RefundLogic refunds;
    private final AbnormalRefundLogic abnormalRefunds;
    private final UserPayLogic userPay;
    private final BillLogic bills;

    /** One merchant call: the verified mchid, the raw body in, the answer out (null = 204). */
    @FunctionalInterface
    private interface Call {
        Object handle(String mchid, byte[] body);
    }

    public PayRoutes(MerchantAuth auth, PayResponder responder, Faults faults, PrepayLogic prepay, OrderLogic orders,
                     RefundLogic refunds, AbnormalRefundLogic abnormalRefunds, UserPayLogic userPay, BillLogic bills) {
        this.auth = auth;
        this.responder = responder;
        this.faults = faults;
        this.prepay = prepay;
        this.orders = orders;
        this.refunds = refunds;
        this.abnormalRefunds = abnormalRefunds;
        this.userPay = userPay;
        this.bills = bills;
    }

    /** Registers the routes on {@code app}. */
    public void register(Javalin app) {
        app.post("/v3/pay/transactions/jsapi", ctx -> merchant(ctx, "jsapi",
                (mchid, body) -> prepay.prepay(TradeType.JSAPI, mchid, Json.read(body, PayBodies.Prepay.class))));
        app.post("/v3/pay/transactions/native", ctx -> merchant(ctx, "native",
                (mchid, body) -> prepay.prepay(TradeType.NATIVE, mchid, Json.read(body, PayBodies.Prepay.class))));
        app.get("/v3/pay/transactions/out-trade-no/{no}", ctx -> merchant(ctx, "query",
                (mchid, body) -> orders.byOutTradeNo(mchid, ctx.queryParam("mchid"), ctx.pathParam("no"))));
        app.get("/v3/pay/transactions/id/{id}", ctx -> merchant(ctx, "query",
                (mchid, body) -> orders.byTransactionId(mchid, ctx.queryParam("mchid"), ctx.pathParam("id"))));
        app.post("/v3/pay/transactions/out-trade-no/{no}/close", ctx -> merchant(ctx, "close", (mchid, body) -> {
            orders.close(mchid, ctx.pathParam("no"), Json.read(body, PayBodies.Close.class));
            return null;
        }));
        app.post("/v3/refund/domestic/refunds", ctx -> merchant(ctx, "refund",
                (mchid, body) -> refunds.refund(mchid, Json.read(body, PayBodies.Refund.class))));
        app.get("/v3/refund/domestic/refunds/{no}", ctx -> merchant(ctx, "refund_query",
                (mchid, body) -> refunds.query(ctx.pathParam("no"))));
        app.post("/v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund", ctx -> merchant(ctx, "abnormal_refund",
                (mchid, body) -> abnormalRefunds.apply(mchid, ctx.pathParam("refund_id"), ctx.header("Wechatpay-Serial"),
                        Json.read(body, PayBodies.AbnormalRefund.class))));
        app.get("/v3/bill/tradebill", ctx -> merchant(ctx, "tradebill", (mchid, body) -> bills.tradeBill(mchid,
                ctx.queryParam("bill_date"), ctx.queryParam("bill_type"), ctx.queryParam("tar_type"), Instant.now())));
        app.get("/v3/billdownload/file", ctx -> merchant(ctx, "billdownload",
                (mchid, body) -> bills.download(mchid, ctx.queryParam("token"), Instant.now())));
        app.post("/sim/v1/pay", this::payerPays);
    }

    /**
     * Registers another merchant GET route that goes through the same steps as the routes above
     * (faults, signature check, signed answer); {@code logic} gets the request.
     */
    public void merchantGet(Javalin app, String path, String endpoint, Function<Context, Object> logic) {
        app.get(path, ctx -> merchant(ctx, endpoint, (mchid, body) -> logic.apply(ctx)));
    }

    private void merchant(Context ctx, String endpoint, Call call) throws InterruptedException {
        Faults.CallFault fault = faults.takeCall(endpoint).orElse(null);
        try {
            if (fault != null && !fault.after()) {
                fail(ctx, fault);
                return;
            }
            byte[] body = ctx.bodyAsBytes();
            String target = ctx.req().getRequestURI() + (ctx.req().getQueryString() == null ? "" : "?" + ctx.req().getQueryString());
            String mchid = auth.verify(ctx.header("Authorization"), ctx.method().name(), target,
                    new String(body, StandardCharsets.UTF_8), Instant.now());
            Faults.DelayFault delay = faults.takeDelay(endpoint).orElse(null);
            if (delay != null) {
                log.info("pay {} {} held {} ms by fault before it takes effect", ctx.method(), ctx.path(), delay.holdMs());
                holdUninterruptibly(delay.holdMs());
            }
            Object answer = call.handle(mchid, body);
            if (fault != null) {
                fail(ctx, fault);
                return;
            }
            if (answer instanceof FileBody file) {
                responder.file(ctx, file);
            } else {
                responder.ok(ctx, endpoint, answer);
            }
        } catch (WxError e) {
            log.info("pay {} {} refused: {} {}", ctx.method(), ctx.path(), e.code(), e.getMessage());
            responder.error(ctx, e);
        }
    }

    private void payerPays(Context ctx) throws InterruptedException {
        Faults.CallFault fault = faults.takeCall("pay").orElse(null);
        try {
            if (fault != null && !fault.after()) {
                fail(ctx, fault);
                return;
            }
            Object answer = userPay.pay(Json.read(ctx.bodyAsBytes(), PayBodies.UserPay.class));
            if (fault != null) {
                fail(ctx, fault);
                return;
            }
            ctx.status(200).contentType("application/json; charset=utf-8").result(Json.write(answer));
        } catch (WxError e) {
            responder.error(ctx, e);
        }
    }

    /**
     * Sleeps {@code ms} whatever interrupts come: the held call must still take effect after the
     * hold even when its client gave up long before, as a late call at WeChat does.
     */
    private static void holdUninterruptibly(long ms) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        boolean interrupted = false;
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(Context ctx, Faults.CallFault f) throws InterruptedException {
        if (f.holdMs() > 0) {
            // long enough and the merchant's client gives up first: a timeout as it sees it
            Thread.sleep(f.holdMs());
        }
        log.info("pay {} {} failed by fault with {} {}", ctx.method(), ctx.path(), f.status(), f.code());
        responder.error(ctx, new WxError(f.status(), f.code(), f.message()));
    }
}
