package looklook.sandbox.faults;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import looklook.sandbox.WxError;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.ledger.TradeState;
import looklook.sandbox.ledger.TradeType;
import looklook.sandbox.ledger.Txn;
import looklook.sandbox.notify.NotifyBuilder;
import looklook.sandbox.notify.Notifier;
import looklook.sandbox.wire.Json;

/** {@code /sim/v1/faults}: POST adds rules (and fires a probe), GET lists them, DELETE clears them. */
public final class FaultRoutes {
    private static final String JSON = "application/json; charset=utf-8";

    private final Faults faults;
    private final Ledger ledger;
    private final Notifier notifier;
    private final NotifyBuilder notifies;
    private final String mchId;
    private final String appId;

    public FaultRoutes(Faults faults, Ledger ledger, Notifier notifier, NotifyBuilder notifies, String mchId, String appId) {
        this.faults = faults;
        this.ledger = ledger;
        this.notifier = notifier;
        this.notifies = notifies;
        this.mchId = mchId;
        this.appId = appId;
    }

    /** Registers the routes on {@code app}. */
    public void register(Javalin app) {
        app.post("/sim/v1/faults", this::add);
        app.get("/sim/v1/faults", ctx -> ctx.contentType(JSON).result(Json.write(faults.active())));
        app.delete("/sim/v1/faults", ctx -> {
            faults.clear();
            ctx.contentType(JSON).result(Json.write(faults.active()));
        });
    }

    private void add(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            FaultRequest r = Json.read(ctx.bodyAsBytes(), FaultRequest.class);
            if (r.probe() != null && (r.probe().notifyUrl() == null || r.probe().notifyUrl().isBlank())) {
                throw WxError.param("probe.notify_url is required");
            }
            faults.add(r);
            if (r.probe() != null) {
                out.put("probe_status", notifier.probe(notifies.probe(r.probe().notifyUrl(), probeSubject(r.probe()))));
            }
        } catch (WxError e) {
            ctx.status(e.status()).contentType(JSON).result(Json.write(Map.of("code", e.code(), "message", e.getMessage())));
            return;
        }
        out.put("active", faults.active());
        ctx.contentType(JSON).result(Json.write(out));
    }

    /** The probe looks like a payment of a real order when one is named, so only the signature gives it away. */
    private Txn probeSubject(FaultRequest.Probe p) {
        if (p.outTradeNo() != null) {
            Txn t = ledger.byOutTradeNo(mchId, p.outTradeNo()).orElse(null);
            if (t != null) {
                return t;
            }
        }
        String no = p.outTradeNo() != null ? p.outTradeNo() : "SIGNTEST" + System.nanoTime();
        Instant now = Instant.now();
        return new Txn(appId, mchId, no, TradeType.JSAPI, "probe", null, p.notifyUrl(), 1, "CNY", "oSIGNTEST", null, null,
                now, null, now, TradeState.SUCCESS, "4200000000000000000000000000", now, 0, 0);
    }
}
