package looklook.checkout.web.logic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rest.RestServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes the page's API calls to usercenter-api, order-api and payment-api, so that the page and the
 * APIs share one origin: no CORS, no API address in the page, the APIs' answers (envelope, 401, 429)
 * reach the page unchanged. Only the APIs' JSON routes pass: a path of another shape, or a provider's
 * callback (WeChat calls those directly), is a 404 here. The body was read by {@link RestServer}
 * within MaxBytes and ReadTimeout; the call as a whole is bounded by UpstreamTimeout (504), and an
 * API that does not answer is a 502, both in the envelope.
 */
public final class Forwarder implements RestServer.ForwardHandler {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    /** looklook's routes: /<service>/v1/<name>/<name>, letters only, nothing to escape or resolve. */
    private static final Pattern ROUTE = Pattern.compile("/[a-z]+/v1(/[A-Za-z]{1,64}){1,3}");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Request headers the APIs read; everything else (cookies included) stays here. */
    private static final String[] PASSED = {"Authorization", "X-Trace-Id"};
    /** Response headers the page may need: when to retry after a 429, the trace to report. */
    private static final String[] RETURNED = {"Retry-After", "X-Trace-Id"};

    private final URI upstream;
    private final Duration timeout;
    private final HttpClient http;

    public Forwarder(URI upstream, Duration timeout) {
        this.upstream = upstream;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public RestServer.RawReply handle(String path, UnaryOperator<String> header, String remoteAddr, byte[] body)
            throws InterruptedException {
        if (!ROUTE.matcher(path).matches() || path.endsWith("Callback")) {
            return RestServer.RawReply.envelope(404, ErrorCode.REQUEST_PARAM_ERROR, "no such route");
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(upstream.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : PASSED) {
            String v = header.apply(h);
            if (v != null) {
                req.header(h, v);
            }
        }
        // the APIs' per-address limits see the page's user where they trust this process as a proxy
        String forwarded = header.apply("X-Forwarded-For");
        req.header("X-Forwarded-For", forwarded == null || forwarded.isBlank() ? remoteAddr : forwarded + ", " + remoteAddr);
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h : RETURNED) {
                r.headers().firstValue(h).ifPresent(v -> headers.put(h, v));
            }
            return new RestServer.RawReply(r.statusCode(), r.body().isEmpty() ? null : r.body(), headers);
        } catch (HttpTimeoutException e) {
            log.warn("forward {} to {}: no answer within {} ms", path, upstream, timeout.toMillis());
            return RestServer.RawReply.envelope(504, ErrorCode.SERVER_COMMON_ERROR, ErrorCode.SERVER_COMMON_ERROR.message());
        } catch (IOException e) {
            log.warn("forward {} to {}: {}", path, upstream, e.toString());
            return RestServer.RawReply.envelope(502, ErrorCode.SERVER_COMMON_ERROR, ErrorCode.SERVER_COMMON_ERROR.message());
        }
    }
}
