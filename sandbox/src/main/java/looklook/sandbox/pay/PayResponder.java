package looklook.sandbox.pay;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import looklook.sandbox.WxError;
import looklook.sandbox.crypto.Nonces;
import looklook.sandbox.faults.Faults;
import looklook.sandbox.signing.PlatformSigner;
import looklook.sandbox.wire.FileBody;
import looklook.sandbox.wire.Json;

/**
 * Writes Pay API answers: every 2xx (a 204 too) signed over {@code ts\nnonce\nbody\n} by whoever
 * {@link PlatformSigner} names for this request (the public key, or the platform certificate), with
 * {@code Wechatpay-Serial} saying which; errors as {@code {"code","message"}}, unsigned like
 * WeChat's. Response faults skew the timestamp, change the serial or put a probe signature here. A
 * downloaded file goes out unsigned, as at WeChat.
 */
public final class PayResponder {
    private static final String JSON = "application/json; charset=utf-8";

    private final PlatformSigner signer;
    private final Faults faults;

    public PayResponder(PlatformSigner signer, Faults faults) {
        this.signer = signer;
        this.faults = faults;
    }

    /** A signed 200 with {@code body} serialised once, or a signed 204 when {@code body} is null; {@code endpoint} for faults. */
    public void ok(Context ctx, String endpoint, Object body) {
        String text = body == null ? "" : Json.write(body);
        PlatformSigner.Identity who = signer.forAnswer(ctx.header("Wechatpay-Serial"));
        long skew = 0;
        String serial = who.serial();
        boolean probe = false;
        Faults.ResponseFault f = faults.takeResponse(endpoint).orElse(null);
        if (f != null) {
            skew = f.skewSeconds();
            serial = f.serial() != null ? f.serial() : serial;
            probe = f.probe();
        }
        String ts = Long.toString(Instant.now().getEpochSecond() + skew);
        String nonce = Nonces.alnum(32);
        ctx.header("Request-ID", requestId());
        ctx.header("Wechatpay-Nonce", nonce);
        ctx.header("Wechatpay-Signature", probe ? PlatformSigner.probeSignature()
                : who.sign(ts + "\n" + nonce + "\n" + text + "\n"));
        ctx.header("Wechatpay-Timestamp", ts);
        ctx.header("Wechatpay-Serial", serial);
        if (body == null) {
            ctx.status(204);
        } else {
            ctx.status(200).contentType(JSON).result(text);
        }
    }

    /** A file as is, with no Wechatpay-* signature headers: WeChat does not sign a bill download. */
    public void file(Context ctx, FileBody f) {
        ctx.header("Request-ID", requestId());
        ctx.status(200).contentType(f.contentType()).result(f.bytes());
    }

    /** WeChat's error answer. */
    public void error(Context ctx, WxError e) {
        ctx.header("Request-ID", requestId());
        ctx.status(e.status()).contentType(JSON).result(Json.write(Map.of("code", e.code(), "message", e.getMessage())));
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }
}
