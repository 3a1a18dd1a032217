package looklook.checkout.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import looklook.checkout.web.handler.Routes;
import looklook.pkg.rest.RestServer;
import looklook.pkg.rest.RestServerConf;
import looklook.pkg.testing.MeshProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * checkout-web's routes on loopback: the page itself, and the forwarder in front of a real HTTP
 * server standing in for an API (it answers 429 with Retry-After, or sleeps), and of a port where
 * nothing listens.
 */
class ForwarderTest {
    private static final long MAX_BYTES = 4096;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer api;
    private RestServer web;

    @BeforeEach
    void start() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        api.createContext("/", ex -> {
            calls.incrementAndGet();
            seen.put("path", ex.getRequestURI().getPath());
            seen.put("auth", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            seen.put("xff", String.valueOf(ex.getRequestHeaders().getFirst("X-Forwarded-For")));
            seen.put("cookie", String.valueOf(ex.getRequestHeaders().getFirst("Cookie")));
            seen.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (ex.getRequestURI().getPath().endsWith("slow")) {
                sleep(3000);
            }
            byte[] out = "{\"code\":100007,\"msg\":\"too many requests\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Retry-After", "7");
            ex.getResponseHeaders().add("Set-Cookie", "a=b");
            ex.sendResponseHeaders(429, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        api.start();
        Map<String, URI> upstreams = new LinkedHashMap<>();
        upstreams.put("/order/", URI.create("http://127.0.0.1:" + api.getAddress().getPort()));
        upstreams.put("/payment/", URI.create("http://127.0.0.1:" + MeshProcess.freePort())); // nobody there
        web = Routes.register(new RestServer(new RestServerConf("127.0.0.1", 0, MAX_BYTES), new SimpleMeterRegistry()),
                upstreams, Duration.ofMillis(1000)).start();
    }

    @AfterEach
    void stop() {
        web.close();
        api.stop(0);
    }

    @Test
    void forward_passesTheAnswerAndOnlyTheHeadersTheApiReads() throws Exception {
        HttpResponse<String> r = HTTP.send(post("/order/v1/homestay/homestayList", "{\"pageSize\":3}")
                .header("Authorization", "Bearer t0k").header("Cookie", "session=secret")
                .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).isEqualTo("{\"code\":100007,\"msg\":\"too many requests\"}");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(seen).containsEntry("path", "/order/v1/homestay/homestayList").containsEntry("auth", "Bearer t0k")
                .containsEntry("xff", "203.0.113.9, 127.0.0.1").containsEntry("cookie", "null")
                .containsEntry("body", "{\"pageSize\":3}");
    }

    @Test
    void bodyOverMaxBytes_is413_andNeverReachesTheApi() throws Exception {
        HttpResponse<String> r = HTTP.send(post("/order/v1/homestay/homestayList", "{\"s\":\"" + "x".repeat((int) MAX_BYTES) + "\"}")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"code\":100008");
        assertThat(calls).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/order/v1/homestay/list.json", "/order/admin", "/order/v1/a/b/c/d", "/order/v1/homestay%2FhomestayList",
            "/payment/v1/thirdPayment/thirdPaymentWxPayCallback", "/nothing/v1/here"})
    void pathOfAnotherShape_is404InTheEnvelope_andNeverReachesTheApi(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(post(path, "{}").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).startsWith("{\"code\":").contains("\"msg\":");
        assertThat(calls).hasValue(0);
    }

    @Test
    void apiDown_is502InTheEnvelope() throws Exception {
        HttpResponse<String> r = HTTP.send(post("/payment/v1/thirdPayment/thirdPaymentStatus", "{}").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).isEqualTo("{\"code\":100001,\"msg\":\"server is busy, please try again later\"}");
    }

    @Test
    void apiTooSlow_is504InTheEnvelope() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = HTTP.send(post("/order/v1/homestay/slow", "{}").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("\"code\":100001");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void page_isServedWithItsScript_andMayLoadNothingFromElsewhere() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> js = HTTP.send(HttpRequest.newBuilder(uri("/checkout.js")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"/checkout.js\"").doesNotContain("http://", "https://");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(js.body()).contains("thirdPaymentStatus").doesNotContain("innerHTML", "http://", "https://");
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + web.port() + path);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
