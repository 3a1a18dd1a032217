package looklook.sandbox.signing;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import looklook.sandbox.WxError;
import looklook.sandbox.crypto.Ciphers;
import looklook.sandbox.crypto.Nonces;
import looklook.sandbox.crypto.PlatformCert;
import looklook.sandbox.pay.PayRoutes;
import looklook.sandbox.wire.Json;
import looklook.sandbox.wire.Times;

/**
 * The platform certificate download a merchant calls, {@code GET /v3/certificates} (signed and
 * checked like every Pay call; the certificate encrypted under the APIv3 key with associated data
 * "certificate", as the SDK's {@code RSAAutoCertificateConfig} expects), and the sandbox's
 * {@code /sim/v1/signing} switch between the signing modes.
 */
public final class SigningRoutes {
    private static final String JSON = "application/json; charset=utf-8";

    private final PlatformSigner signer;
    private final String apiV3Key;

    public SigningRoutes(PlatformSigner signer, String apiV3Key) {
        this.signer = signer;
        this.apiV3Key = apiV3Key;
    }

    /** Registers the routes on {@code app}; the download goes through {@code pay}'s merchant steps. */
    public void register(Javalin app, PayRoutes pay) {
        pay.merchantGet(app, "/v3/certificates", "certificates", this::certificates);
        app.get("/sim/v1/signing", ctx -> ctx.contentType(JSON).result(Json.write(state())));
        app.post("/sim/v1/signing", this::switchMode);
    }

    /** The certificates WeChat would hand out: none for a merchant on the public key alone. */
    private Object certificates(Context ctx) {
        String algorithm = ctx.queryParam("algorithm_type");
        if (algorithm != null && !algorithm.equals("RSA") && !algorithm.equals("ALL")) {
            throw WxError.param("algorithm_type: " + algorithm + " (expected RSA; the sandbox has no SM2 certificate)");
        }
        if (!signer.certificateServed()) {
            // a merchant that was never issued a platform certificate (the SDK's downloader knows this code)
            throw new WxError(404, "NOT_FOUND", "this merchant uses the WeChat Pay public key "
                    + signer.publicKeyId() + " and has no platform certificate");
        }
        String nonce = Nonces.alnum(12);
        String ciphertext = Ciphers.aesGcmEncrypt(apiV3Key, nonce, "certificate", PlatformCert.pem(signer.certificate()));
        Map<String, Object> encrypted = new LinkedHashMap<>();
        encrypted.put("algorithm", "AEAD_AES_256_GCM");
        encrypted.put("nonce", nonce);
        encrypted.put("associated_data", "certificate");
        encrypted.put("ciphertext", ciphertext);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serial_no", signer.certificateSerial());
        data.put("effective_time", Times.rfc3339(Instant.ofEpochMilli(signer.certificate().getNotBefore().getTime())));
        data.put("expire_time", Times.rfc3339(Instant.ofEpochMilli(signer.certificate().getNotAfter().getTime())));
        data.put("encrypt_certificate", encrypted);
        return Map.of("data", List.of(data));
    }

    private void switchMode(Context ctx) {
        try {
            Map<?, ?> body = Json.read(ctx.bodyAsBytes(), Map.class);
            Object mode = body == null ? null : body.get("mode");
            try {
                signer.mode(SigningMode.parse(String.valueOf(mode)));
            } catch (IllegalArgumentException e) {
                throw WxError.param("mode: " + mode + " (expected public_key, certificate or migration)");
            }
        } catch (WxError e) {
            ctx.status(e.status()).contentType(JSON).result(Json.write(Map.of("code", e.code(), "message", e.getMessage())));
            return;
        }
        ctx.contentType(JSON).result(Json.write(state()));
    }

    private Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mode", signer.mode().configName());
        s.put("public_key_id", signer.publicKeyId());
        s.put("certificate_serial", signer.certificateSerial());
        return s;
    }
}
