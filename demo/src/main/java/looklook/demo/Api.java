package looklook.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What a mini program does with the APIs: POST JSON with the token, read looklook's envelope. */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    /** One answer: HTTP status, envelope code and message, data. */
    record Reply(int status, int code, String msg, JsonNode data, long micros) {
        boolean ok() {
            return status == 200 && code == 200;
        }
    }

    Api(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** An answer of a non-envelope endpoint: HTTP status and body (WeChat's {@code {code, message}} on errors). */
    record Raw(int status, JsonNode body) {
    }

    /** A POST to a non-envelope endpoint (the WeChat simulator's user side) that must succeed. */
    JsonNode postRaw(String path, Object body) throws IOException, InterruptedException {
        Raw r = send(path, body);
        if (r.status() != 200) {
            throw new IOException(path + " answered HTTP " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    /** A POST to a non-envelope endpoint whose refusal is an expected answer. */
    Raw send(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Raw(r.statusCode(), JSON.readTree(r.body()));
    }

    /** A GET of a non-envelope endpoint (the simulator's inbox). */
    JsonNode getRaw(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    Reply post(String path, Object body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - t0) / 1000;
        JsonNode env = JSON.readTree(r.body());
        return new Reply(r.statusCode(), env.path("code").asInt(), env.path("msg").asText(), env.path("data"), micros);
    }
}
