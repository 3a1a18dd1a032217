package looklook.pkg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The APIs as a mini program (or WeChat) sees them, for tests: POST JSON, read the answer. */
public final class Http {
    /** HTTP/1.1 as the mini program's wx.request speaks it: no h2c upgrade attempt on every new connection. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Status and parsed body of one call, with the looklook envelope's parts. */
    public record Reply(int status, JsonNode body) {
        public int code() {
            return body.path("code").asInt();
        }

        public String msg() {
            return body.path("msg").asText();
        }

        public JsonNode data() {
            return body.path("data");
        }
    }

    private Http() {
    }

    /** POSTs JSON, with {@code Authorization: Bearer <token>} when a token is given. */
    public static Reply post(int port, String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(port, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    /** POSTs {@code body} with exactly these headers (a notify as WeChat sends it). */
    public static Reply postWithHeaders(int port, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(port, path).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b);
    }

    /** POSTs JSON to a non-envelope endpoint (the simulator's own) and returns its body; not 200 is an exception. */
    public static JsonNode postRaw(int port, String path, String json) throws IOException, InterruptedException {
        Reply r = postWithHeaders(port, path, json, Map.of("Content-Type", "application/json"));
        if (r.status() != 200) {
            throw new IOException(path + " answered " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    /** GETs and returns the parsed body. */
    public static JsonNode get(int port, String path) throws IOException, InterruptedException {
        return send(request(port, path)).body();
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body().isEmpty() ? "{}" : r.body()));
    }
}
