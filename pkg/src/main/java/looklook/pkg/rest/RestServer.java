package looklook.pkg.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.limit.RateLimitException;
import looklook.pkg.limit.RateLimits;
import looklook.pkg.rpc.TraceIds;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * An HTTP API process's server (go-zero's rest.Server): JSON in, looklook envelope out, JWT on the
 * routes that need it, rate limits per route (429 before the handler), one access-log line and one
 * timer sample per request. Handlers return the {@code data} object; errors become
 * {@code 400 {code,msg}} (401 for token problems), and an unexpected exception a 500 with a
 * generic message, its stack trace only in the log. Bodies are read within {@link RestServerConf}'s
 * limits on the stream itself ({@link BoundedBody}): 413 past MaxBytes (or a raw route's own
 * limit), 408 past ReadTimeout; Jetty holds idle connections for IdleTimeout and headers to
 * MaxHeaderBytes.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("http.access");
    private static final String USER_ID = "jwtUserId";
    private static final String TRACE_HEADER = "X-Trace-Id";
    /** A caller's trace id we pass on; compiled once (String.matches compiles its regex on every call). */
    private static final Pattern TRACE_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

    private final Javalin app;
    private final RestServerConf conf;
    private final MeterRegistry metrics;
    private RateLimits limits = RateLimits.NONE;
    /** One timer per method, route template and status (a bounded set), found without building its id each time. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String method, String route, int status) {
    }

    /** A public handler: the bound request in, the {@code data} out. */
    @FunctionalInterface
    public interface Handler<Q> {
        Object handle(Q request) throws Exception;
    }

    /** A raw route's answer, written as is (not the envelope); a null {@code json} means no body. */
    public record RawReply(int status, String json, Map<String, String> headers) {
        public RawReply {
            headers = Map.copyOf(headers);
        }

        /** An answer with no headers of its own. */
        public RawReply(int status, String json) {
            this(status, json, Map.of());
        }

        /** A plain-text answer ({@code success} to an Alipay notify), not JSON. */
        public static RawReply text(int status, String text) {
            return new RawReply(status, text, Map.of("Content-Type", "text/plain;charset=utf-8"));
        }

        /** An error in looklook's envelope, {@code {"code","msg"}}, for a status this server chose itself. */
        public static RawReply envelope(int status, ErrorCode code, String msg) {
            try {
                return new RawReply(status, RequestBinder.JSON.writeValueAsString(Envelope.error(code.code(), msg)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // a record of an int and a string always serializes
            }
        }
    }

    /** A handler that sees the headers (case-insensitive lookup) and the body exactly as sent. */
    @FunctionalInterface
    public interface RawHandler {
        RawReply handle(UnaryOperator<String> header, String body) throws Exception;
    }

    /**
     * A handler that passes a request on: the path asked for, the headers (case-insensitive lookup), the
     * socket peer's address and the body, already read within this server's limits.
     */
    @FunctionalInterface
    public interface ForwardHandler {
        RawReply handle(String path, UnaryOperator<String> header, String remoteAddr, byte[] body) throws Exception;
    }

    /** A handler behind JWT: also gets the caller's user id from the token. */
    @FunctionalInterface
    public interface AuthHandler<Q> {
        Object handle(long userId, Q request) throws Exception;
    }

    /** A handler behind JWT that needs the token's session too (logout). */
    @FunctionalInterface
    public interface SessionHandler<Q> {
        Object handle(JwtTokens.Principal principal, Q request) throws Exception;
    }

    public RestServer(RestServerConf conf, MeterRegistry metrics) {
        this.conf = requireNonNull(conf, "conf");
        this.metrics = requireNonNull(metrics, "metrics");
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            // only Javalin's own body helpers read this (and only against Content-Length): routes use BoundedBody
            cfg.http.maxRequestSize = conf.maxBytes();
            cfg.jsonMapper(new JavalinJackson(RequestBinder.JSON, false));
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(conf.maxHeaderBytes());
                http.setSendServerVersion(false);
            });
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(conf.host());
                c.setPort(conf.port());
                c.setIdleTimeout(conf.idleTimeout());
                return c;
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new EnvelopeErrorHandler()));
            cfg.requestLogger.http(this::access);
        });
        app.before(ctx -> {
            String incoming = ctx.header(TRACE_HEADER);
            String trace = incoming != null && TRACE_ID.matcher(incoming).matches() ? incoming : TraceIds.newId();
            MDC.put(TraceIds.MDC_KEY, trace);
            ctx.header(TRACE_HEADER, trace);
        });
        app.exception(BizException.class, (e, ctx) -> bizError(e, ctx));
        app.exception(RateLimitException.class, (e, ctx) -> ctx.status(e.status())
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .json(Envelope.error(e.code().code(), e.code().message())));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            // Javalin's own refusals (unknown route, wrong method): a fixed message, never the request's text
            int status = e.getStatus();
            ctx.status(status).json(Envelope.error(EnvelopeErrorHandler.code(status), EnvelopeErrorHandler.message(status)));
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} unexpected failure", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Envelope.error(ErrorCode.SERVER_COMMON_ERROR.code(), ErrorCode.SERVER_COMMON_ERROR.message()));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                ctx.json(Envelope.error(EnvelopeErrorHandler.code(404), EnvelopeErrorHandler.message(404)));
            }
        });
    }

    /** Rate limits for the routes added after this call (429 before the handler runs). */
    public RestServer limits(RateLimits limits) {
        this.limits = requireNonNull(limits, "limits");
        return this;
    }

    /** Adds a public POST route binding the body to {@code type}; its per-address limit applies before the body is read. */
    public <Q> RestServer post(String path, Class<Q> type, Handler<Q> handler) {
        RateLimits.Route limit = limits.route(path, false);
        app.post(path, ctx -> {
            limit.perAddress(ctx.req());
            ctx.json(Envelope.ok(handler.handle(RequestBinder.bind(body(ctx, conf.maxBytes()), type))));
        });
        return this;
    }

    /**
     * Adds a POST route behind JWT ({@code Authorization: Bearer <token>}, or the bare token as
     * go-zero accepts): a missing, forged or expired token is a 401 before the body is read.
     * The per-address limit applies before the token is checked, the per-user one after.
     */
    public <Q> RestServer post(String path, Class<Q> type, JwtTokens tokens, AuthHandler<Q> handler) {
        return postSession(path, type, tokens, (principal, req) -> handler.handle(principal.userId(), req));
    }

    /** As {@link #post(String, Class, JwtTokens, AuthHandler)}, handing over the token's session as well. */
    public <Q> RestServer postSession(String path, Class<Q> type, JwtTokens tokens, SessionHandler<Q> handler) {
        RateLimits.Route limit = limits.route(path, true);
        app.post(path, ctx -> {
            limit.perAddress(ctx.req());
            JwtTokens.Principal principal = tokens.authenticate(bearer(ctx.header("Authorization")));
            ctx.attribute(USER_ID, principal.userId());
            limit.perUser(principal.userId());
            ctx.json(Envelope.ok(handler.handle(principal, RequestBinder.bind(body(ctx, conf.maxBytes()), type))));
        });
        return this;
    }

    /**
     * Adds a POST route that is not the looklook API: no JWT, no binding, no envelope. For callers
     * that sign the exact bytes they send (WeChat Pay notifies): the body reaches the handler
     * untouched, and the handler writes its own status and JSON. A body over {@code maxBytes} is
     * refused (413, the envelope) before the handler runs.
     */
    public RestServer postRaw(String path, long maxBytes, RawHandler handler) {
        app.post(path, ctx -> write(ctx, handler.handle(ctx::header, new String(body(ctx, maxBytes), StandardCharsets.UTF_8))));
        return this;
    }

    private static void write(Context ctx, RawReply r) {
        ctx.status(r.status());
        r.headers().forEach(ctx::header);
        if (r.json() != null) {
            ctx.contentType(r.headers().getOrDefault("Content-Type", "application/json")).result(r.json());
        }
    }

    /**
     * Adds POST routes for every path under {@code prefix} (e.g. {@code /order/}) handed to a
     * {@link ForwardHandler}: the body is read first, within MaxBytes and ReadTimeout as on every JSON
     * route, and the handler's answer written as is.
     */
    public RestServer postForward(String prefix, ForwardHandler handler) {
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected /name/)");
        }
        app.post(prefix + "*", ctx -> {
            byte[] body = body(ctx, conf.maxBytes());
            write(ctx, handler.handle(ctx.path(), ctx::header, ctx.req().getRemoteAddr(), body));
        });
        return this;
    }

    /**
     * Adds a GET route answering fixed bytes (a page, its script): not cached past a reload, never
     * sniffed as another type, never framed by another site, and, for a page, allowed to load only
     * what comes from this server (images also from {@code data:} URLs).
     */
    public RestServer getFixed(String path, String contentType, byte[] content) {
        byte[] copy = content.clone();
        app.get(path, ctx -> ctx.status(200).contentType(contentType)
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
                .result(copy));
        return this;
    }

    /** Starts listening. */
    public RestServer start() {
        limits.unusedPaths().forEach(p -> log.warn("RateLimit.Routes.{}: no such route here, not limited", p));
        app.start(); // on the connector added above, which carries the idle timeout
        log.info("http server listening on {}:{}", conf.host(), port());
        return this;
    }

    /** The bound port (useful with port 0 in tests). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** The body, read within this server's limits: at most {@code maxBytes}, in full within ReadTimeout. */
    private byte[] body(Context ctx, long maxBytes) {
        return BoundedBody.read(ctx.req(), maxBytes, conf.readTimeout());
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : h;
    }

    private static void bizError(BizException e, Context ctx) {
        if (ErrorCode.of(e.code()).map(ErrorCode::internal).orElse(false)) {
            log.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
        }
        ctx.status(httpStatus(e)).json(Envelope.error(e.code(), e.userMessage()));
    }

    private static int httpStatus(BizException e) {
        if (e.is(ErrorCode.TOKEN_EXPIRE_ERROR) || e.is(ErrorCode.REFRESH_TOKEN_INVALID)) {
            return 401;
        }
        if (e.is(ErrorCode.SMS_CODE_TOO_FREQUENT)) {
            return 429;
        }
        if (e.is(ErrorCode.REQUEST_TOO_LARGE)) {
            return 413;
        }
        return e.is(ErrorCode.REQUEST_TIMEOUT) ? 408 : 400;
    }

    /** The route template, so metrics do not grow a series per path; unmatched requests share one. */
    private static String matchedRoute(Context ctx) {
        try {
            String route = ctx.endpointHandlerPath();
            return route.isEmpty() || route.equals("*") ? "unmatched" : route;
        } catch (IllegalStateException noEndpoint) {
            return "unmatched";
        }
    }

    private void access(Context ctx, Float ms) {
        String route = matchedRoute(ctx);
        int status = ctx.statusCode();
        Object user = ctx.attribute(USER_ID);
        log.info("http {} {} status={} ms={}{}", ctx.method(), ctx.path(), status, ms, user == null ? "" : " user=" + user);
        timers.computeIfAbsent(new TimerKey(ctx.method().name(), route, status), k -> Timer.builder("http.server.requests")
                        .tag("method", k.method())
                        .tag("route", k.route())
                        .tag("status", Integer.toString(k.status()))
                        .register(metrics))
                .record((long) (ms * 1000), TimeUnit.MICROSECONDS);
        MDC.remove(TraceIds.MDC_KEY);
    }
}
