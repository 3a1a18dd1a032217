package looklook.sandbox.alipay;

import io.javalin.http.Context;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import looklook.sandbox.crypto.Rsa;
import looklook.sandbox.wire.Json;

/**
 * Writes Alipay's answers: {@code {"<method>_response":{...},"sign":"..."}} (or {@code error_response}
 * when the gateway refused before knowing the API), HTTP 200 whatever the outcome, the sign made
 * with Alipay's private key over the exact JSON text of the response node, which is what the SDK
 * cuts out of the raw body to verify.
 */
public final class AlipayResponder {
    private final PrivateKey alipayKey;

    public AlipayResponder(PrivateKey alipayKey) {
        this.alipayKey = alipayKey;
    }

    /** A success: code 10000 and the method's fields. */
    public void ok(Context ctx, String method, Map<String, Object> fields) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("code", "10000");
        node.put("msg", "Success");
        node.putAll(fields);
        node.values().removeIf(java.util.Objects::isNull);
        write(ctx, root(method), node);
    }

    /** A refusal in Alipay's shape. */
    public void error(Context ctx, String method, AlipayError e) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("code", e.code());
        node.put("msg", e.msg());
        node.put("sub_code", e.subCode());
        node.put("sub_msg", e.getMessage());
        write(ctx, e.gatewayLevel() || method == null || method.isBlank() ? "error_response" : root(method), node);
    }

    private void write(Context ctx, String root, Map<String, Object> node) {
        String json = Json.write(node);
        String body = "{" + Json.write(root) + ":" + json + ",\"sign\":" + Json.write(Rsa.sign(alipayKey, json)) + "}";
        ctx.status(200).contentType("text/html;charset=utf-8").result(body);
    }

    static String root(String method) {
        return method.replace('.', '_') + "_response";
    }
}
