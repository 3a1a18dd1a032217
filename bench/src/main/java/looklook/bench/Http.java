package looklook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * JSON over HTTP as the mini program speaks it; a non-200 envelope is an exception (counted as an
 * error). OkHttp rather than the JDK client: on two cores the load generator competes with the
 * mesh it measures, and OkHttp costs it less CPU per request.
 */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
            .connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    /** POSTs {@code body} and returns the envelope's {@code data}. */
    static JsonNode post(String url, Object body, String token) throws IOException {
        JsonNode r = raw(url, body, token);
        if (r.path("code").asInt() != 200) {
            throw new IOException(url + ": code " + r.path("code").asInt() + " " + r.path("msg").asText());
        }
        return r.path("data");
    }

    /** GETs a non-envelope endpoint (the simulator's own) and returns its body. */
    static JsonNode get(String url) throws IOException {
        try (Response r = CLIENT.newCall(new Request.Builder().url(url).build()).execute()) {
            return JSON.readTree(r.body() == null ? "" : r.body().string());
        }
    }

    /** POSTs {@code body} with exactly these headers (a notify as WeChat sends it); returns the HTTP status. */
    static int postSigned(String url, String body, Map<String, String> headers) throws IOException {
        Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(body, JSON_TYPE));
        headers.forEach(b::header);
        try (Response r = CLIENT.newCall(b.build()).execute()) {
            return r.code();
        }
    }

    /** POSTs {@code body} and returns the whole answer. */
    static JsonNode raw(String url, Object body, String token) throws IOException {
        Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (Response r = CLIENT.newCall(b.build()).execute()) {
            String text = r.body() == null ? "" : r.body().string();
            if (r.code() != 200) {
                throw new IOException(url + ": HTTP " + r.code() + " " + text);
            }
            return JSON.readTree(text);
        }
    }
}
