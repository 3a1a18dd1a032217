package looklook.pkg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.auth.SessionRevocations;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestServerTest {
    record Hello(String name, Long times) {
    }

    record Greeting(String text, long userId) {
    }

    private static final JwtTokens TOKENS = new JwtTokens(
            JwtAuthConf.of("0123456789abcdef0123456789abcdef-rest", 3600L), Clock.systemUTC(), SessionRevocations.NONE);
    private static final PrometheusMeterRegistry METRICS = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long READ_TIMEOUT_MS = 1_500;
    private static final long RAW_LIMIT = 64 << 10;
    private static RestServer server;

    @BeforeAll
    static void start() {
        server = new RestServer(new RestServerConf("127.0.0.1", 0, RestServerConf.DEFAULT_MAX_BYTES, 30_000, READ_TIMEOUT_MS,
                RestServerConf.DEFAULT_MAX_HEADER_BYTES), METRICS)
                .post("/v1/hello", Hello.class, req -> new Greeting("hi " + req.name() + " x" + req.times(), 0))
                .post("/v1/me", Hello.class, TOKENS, (userId, req) -> new Greeting("hi " + req.name(), userId))
                .post("/v1/biz", Hello.class, req -> {
                    throw new BizException(ErrorCode.USER_NOT_FOUND, "user 7 not found");
                })
                .post("/v1/boom", Hello.class, req -> {
                    throw new IllegalStateException("secret internals: password=hunter2");
                })
                .postRaw("/v1/raw", RAW_LIMIT, (header, body) -> new RestServer.RawReply(200, "{\"length\":" + body.length() + "}"))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void success_isWrappedInTheLooklookEnvelope() throws Exception {
        HttpResponse<String> r = post("/v1/hello", "{\"name\":\"ann\",\"times\":2}", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"code\":200,\"msg\":\"OK\",\"data\":{\"text\":\"hi ann x2\",\"userId\":0}}");
        assertThat(r.headers().firstValue("X-Trace-Id")).isPresent();
    }

    @Test
    void badInput_is400WithCode100002NamingTheField() throws Exception {
        HttpResponse<String> r = post("/v1/hello", "{\"name\":\"ann\",\"times\":\"two\"}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"code\":100002,").contains("times");

        HttpResponse<String> missing = post("/v1/hello", "{\"name\":\"ann\"}", null);
        assertThat(missing.body()).isEqualTo("{\"code\":100002,\"msg\":\"missing required field times\"}");

        HttpResponse<String> malformed = post("/v1/hello", "{not json", null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).startsWith("{\"code\":100002,");
    }

    @Test
    void businessError_is400WithItsCodeAndMessage() throws Exception {
        HttpResponse<String> r = post("/v1/biz", "{\"name\":\"a\",\"times\":1}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"code\":110003,\"msg\":\"user 7 not found\"}");
    }

    @Test
    void unexpectedError_is500WithoutInternals() throws Exception {
        HttpResponse<String> r = post("/v1/boom", "{\"name\":\"a\",\"times\":1}", null);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("100001").doesNotContain("hunter2").doesNotContain("Exception");
    }

    @Test
    void jwt_bearerAndBareTokensAreAccepted() throws Exception {
        String token = TOKENS.issue(77, "rest-test-session-0001").accessToken();
        assertThat(post("/v1/me", "{\"name\":\"b\",\"times\":1}", "Bearer " + token).body())
                .contains("\"userId\":77");
        assertThat(post("/v1/me", "{\"name\":\"b\",\"times\":1}", token).body()).contains("\"userId\":77");
    }

    @Test
    void jwt_missingOrForgedTokenIs401() throws Exception {
        HttpResponse<String> none = post("/v1/me", "{\"name\":\"b\",\"times\":1}", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).startsWith("{\"code\":100003,");
        String forged = new JwtTokens(JwtAuthConf.of("another-secret-another-secret-another", 3600L), Clock.systemUTC(), SessionRevocations.NONE)
                .issue(77, "rest-test-session-0001").accessToken();
        assertThat(post("/v1/me", "{}", "Bearer " + forged).statusCode()).isEqualTo(401);
    }

    @Test
    void bodyOverOneMebibyte_isRefused() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\",\"times\":1}";
        HttpResponse<String> r = post("/v1/hello", big, null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("{\"code\":100008,\"msg\":\"request body larger than 1048576 bytes\"}");
    }

    @Test
    void chunkedBodyOfTenMebibytes_is413AndTheServerStillAnswers() throws Exception {
        RawHttp.Answer a = RawHttp.chunked(server.port(), "/v1/hello", null, 10 << 20, 10_000);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body()).contains("\"code\":100008");
        assertStillAnswers();
    }

    @Test
    void declaredLengthOverTheLimit_is413BeforeAnyBodyArrives() throws Exception {
        RawHttp.Answer a = RawHttp.declared(server.port(), "/v1/hello", null, 10L << 20, "{", 5_000);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.millis()).isLessThan(READ_TIMEOUT_MS);
        assertStillAnswers();
    }

    @Test
    void declaredLengthLongerThanTheBody_endsWithin408OrClosedAtTheReadTimeout() throws Exception {
        RawHttp.Answer a = RawHttp.declared(server.port(), "/v1/hello", null, 100, "{\"name\":", 10_000);
        assertThat(a.closed() || a.status() == 408).as("answer %s", a).isTrue();
        assertThat(a.millis()).isBetween(READ_TIMEOUT_MS - 100, READ_TIMEOUT_MS + 3_000);
        assertStillAnswers();
    }

    @Test
    void declaredLengthShorterThanTheBody_bindsOnlyWhatWasDeclared() throws Exception {
        RawHttp.Answer a = RawHttp.declared(server.port(), "/v1/hello", null, 5, "{\"name\":\"a\",\"times\":1}", 5_000);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("\"code\":100002");
        assertStillAnswers();
    }

    @Test
    void bodyThatTricklesForever_endsAtTheReadTimeoutNotTheIdleTimeout() throws Exception {
        // a byte every 200 ms never trips the 30 s idle timeout: only the whole-body deadline ends it
        RawHttp.Answer a = RawHttp.trickle(server.port(), "/v1/hello", null, 200, 10_000);
        assertThat(a.closed() || a.status() == 408).as("answer %s", a).isTrue();
        if (!a.closed()) {
            assertThat(a.body()).contains("\"code\":100009");
        }
        assertThat(a.millis()).isBetween(READ_TIMEOUT_MS - 100, READ_TIMEOUT_MS + 3_000);
        assertStillAnswers();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8191, 8192, 8193, 20_000, 65_536})
    void bodyOfAnySize_arrivesWhole_withContentLengthOrChunked(int size) throws Exception {
        String body = "x".repeat(size);
        HttpResponse<String> declared = post("/v1/raw", body, null);
        assertThat(declared.body()).isEqualTo("{\"length\":" + size + "}");
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/raw"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body.getBytes()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.body()).isEqualTo("{\"length\":" + size + "}");
    }

    @Test
    void rawRoute_hasItsOwnSmallerLimit() throws Exception {
        String fits = "x".repeat((int) RAW_LIMIT);
        HttpResponse<String> ok = post("/v1/raw", fits, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"length\":" + RAW_LIMIT + "}");

        assertThat(post("/v1/raw", fits + "x", null).statusCode()).isEqualTo(413);
        RawHttp.Answer chunked = RawHttp.chunked(server.port(), "/v1/raw", null, RAW_LIMIT + 1, 5_000);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.body()).contains("\"code\":100008").contains("larger than " + RAW_LIMIT);
    }

    @Test
    void headersOverTheLimit_are431InTheEnvelope() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/hello"))
                .header("X-Big", "y".repeat(RestServerConf.DEFAULT_MAX_HEADER_BYTES))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(r.body()).isEqualTo("{\"code\":100008,\"msg\":\"request line or headers too large\"}");
        assertStillAnswers();
    }

    @Test
    void unknownRoute_is404InTheEnvelopeWithoutEchoingThePath() throws Exception {
        HttpResponse<String> r = post("/v1/nope%3Cscript%3E", "{}", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"code\":100002,\"msg\":\"no such route\"}");
    }

    private static void assertStillAnswers() throws Exception {
        HttpResponse<String> r = post("/v1/hello", "{\"name\":\"ann\",\"times\":2}", null);
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void requests_areCountedPerRoute() throws Exception {
        post("/v1/hello", "{\"name\":\"m\",\"times\":1}", null);
        assertThat(METRICS.scrape()).contains("http_server_requests_seconds_count{").contains("route=\"/v1/hello\"");
    }
}
