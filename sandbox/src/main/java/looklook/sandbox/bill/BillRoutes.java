package looklook.sandbox.bill;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import looklook.sandbox.WxError;
import looklook.sandbox.wire.Json;

/**
 * {@code /sim/v1/bills/ready-at}: GET shows when a day's bill is ready, POST
 * {@code {"ready_at":"now"|"HH:mm"}} changes it on a running simulator (tests want today's bill).
 */
public final class BillRoutes {
    private static final String JSON = "application/json; charset=utf-8";

    private final BillSchedule schedule;

    public BillRoutes(BillSchedule schedule) {
        this.schedule = schedule;
    }

    /** The body of the POST. */
    record ReadyAt(String readyAt) {
    }

    /** Registers the routes on {@code app}. */
    public void register(Javalin app) {
        app.get("/sim/v1/bills/ready-at", this::show);
        app.post("/sim/v1/bills/ready-at", ctx -> {
            try {
                schedule.set(Json.read(ctx.bodyAsBytes(), ReadyAt.class).readyAt());
            } catch (WxError e) {
                ctx.status(e.status()).contentType(JSON).result(Json.write(Map.of("code", e.code(), "message", e.getMessage())));
                return;
            }
            show(ctx);
        });
    }

    private void show(Context ctx) {
        ctx.contentType(JSON).result(Json.write(Map.of("ready_at", schedule.describe())));
    }
}
