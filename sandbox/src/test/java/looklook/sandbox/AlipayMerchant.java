package looklook.sandbox;

import com.alipay.api.AlipayApiException;
import com.alipay.api.DefaultAlipayClient;
import com.alipay.api.internal.util.AlipaySignature;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import looklook.sandbox.alipay.AlipayKeys;

/**
 * A merchant on the Alipay side: the official SDK's client built as a merchant builds it, and a
 * notify receiver that verifies every notify with {@code AlipaySignature.rsaCheckV1} and answers
 * {@code success} (after refusing the first {@link #refuse} ones with {@code fail}).
 */
final class AlipayMerchant implements AutoCloseable {
    /** One notify as the merchant received it. */
    record Notify(Map<String, String> params, boolean verified) {
    }

    final List<Notify> received = new CopyOnWriteArrayList<>();
    final AtomicInteger refuse = new AtomicInteger();
    private final Javalin app;
    private final String alipayPublicKey;

    AlipayMerchant(Path keyDir) {
        this.alipayPublicKey = base64Body(keyDir.resolve(AlipayKeys.ALIPAY_PUBLIC));
        this.app = Javalin.create(c -> c.showJavalinBanner = false).post("/alipay/notify", ctx -> {
            Map<String, String> params = new LinkedHashMap<>();
            ctx.formParamMap().forEach((k, v) -> params.put(k, v.get(0)));
            boolean ok;
            try {
                ok = AlipaySignature.rsaCheckV1(new LinkedHashMap<>(params), alipayPublicKey, "UTF-8", "RSA2");
            } catch (AlipayApiException e) {
                ok = false;
            }
            received.add(new Notify(params, ok));
            ctx.result(ok && refuse.getAndDecrement() <= 0 ? "success" : "fail");
        }).start("127.0.0.1", 0);
    }

    String notifyUrl() {
        return "http://127.0.0.1:" + app.port() + "/alipay/notify";
    }

    /** The SDK client a merchant builds: public-key mode, RSA2, UTF-8, JSON. */
    static DefaultAlipayClient client(Sandbox sim, Path keyDir) {
        return client(sim, sim.config().alipay().appId(), keyDir.resolve(AlipayKeys.APP_PRIVATE), keyDir, "UTF-8");
    }

    static DefaultAlipayClient client(Sandbox sim, String appId, Path appPrivateKey, Path keyDir, String charset) {
        return new DefaultAlipayClient(sim.baseUrl() + "/gateway.do", appId, base64Body(appPrivateKey), "json", charset,
                base64Body(keyDir.resolve(AlipayKeys.ALIPAY_PUBLIC)), "RSA2");
    }

    /** The Base64 body of a PEM file: what the SDK takes as a key string. */
    static String base64Body(Path pem) {
        try {
            return Files.readAllLines(pem).stream().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
