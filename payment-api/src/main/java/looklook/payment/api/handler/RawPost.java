package looklook.payment.api.handler;

import io.javalin.Javalin;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import looklook.payment.api.logic.ThirdPaymentWxPayCallbackLogic.Reply;
import looklook.pkg.rest.RestServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POST route that sees the raw body and the headers and writes its own answer, which WeChat's
 * notify needs (the signature covers the exact bytes; the answer is not the looklook envelope).
 * A bridge until pkg's RestServer offers {@code postRaw(path, (headers, body) -> response)}: it
 * reaches RestServer's Javalin instance, the one place to change when that method exists.
 */
final class RawPost {
    private static final Logger log = LoggerFactory.getLogger(RawPost.class);

    /** The raw handler: header lookup (case-insensitive) and body text in, status and JSON out. */
    @FunctionalInterface
    interface Handler {
        Reply handle(UnaryOperator<String> header, String body);
    }

    private RawPost() {
    }

    static void register(RestServer server, String path, Handler handler) {
        javalin(server).post(path, ctx -> {
            Reply r;
            try {
                r = handler.handle(ctx::header, new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                log.error("POST {} unexpected failure", path, e);
                r = new Reply(500, "{\"code\":\"FAIL\",\"message\":\"server error\"}");
            }
            ctx.status(r.status());
            if (r.json() != null) {
                ctx.contentType("application/json").result(r.json());
            }
        });
    }

    private static Javalin javalin(RestServer server) {
        try {
            Field app = RestServer.class.getDeclaredField("app");
            app.setAccessible(true);
            return (Javalin) app.get(server);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RestServer has no Javalin 'app' field: use RestServer.postRaw instead", e);
        }
    }
}
