package looklook.pkg.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.auth.SessionRevocations;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.jobq.Redis;
import looklook.pkg.rest.RestServer;
import looklook.pkg.rest.RestServerConf;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Rate limits on a real rest server counted in the real Redis. The server trusts 127.0.0.1 as a
 * proxy, so each test plays its own client addresses through {@code X-Forwarded-For} and owns its
 * buckets (route paths are unique per run as well).
 */
class RateLimitsIT {
    record Req(String name) {
    }

    private static final String RUN = "/" + TestInfra.unique("rl");
    private static final JwtTokens TOKENS = new JwtTokens(JwtAuthConf.of(TestInfra.jwtSecret(), 3600L), Clock.systemUTC(),
            SessionRevocations.NONE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static JedisPooled redis;
    private static JedisPooled deadRedis;
    private static RestServer server;
    private static RestServer serverWithoutRedis;

    @BeforeAll
    static void start() throws Exception {
        redis = Redis.client(TestInfra.redisConf());
        RateLimitConf conf = new RateLimitConf(1L, List.of("127.0.0.1"), Map.of(
                RUN + "/tiny", new RouteLimitConf(2L, null, 1L, false),
                RUN + "/mine", new RouteLimitConf(4L, 2L, 60L, false),
                RUN + "/unlisted-proxy", new RouteLimitConf(1L, null, 60L, false),
                // fails open and holds 40: counted through a local copy that may take 2 tokens before settling
                RUN + "/copied", new RouteLimitConf(40L, null, 600L, true)));
        server = new RestServer(new RestServerConf("127.0.0.1", 0, RestServerConf.DEFAULT_MAX_BYTES), new SimpleMeterRegistry())
                .limits(RateLimits.create(conf, redis))
                .post(RUN + "/tiny", Req.class, req -> Map.of("handled", HANDLED.incrementAndGet()))
                .post(RUN + "/mine", Req.class, TOKENS, (userId, req) -> Map.of("userId", userId))
                .post(RUN + "/free", Req.class, req -> Map.of())
                .post(RUN + "/copied", Req.class, req -> Map.of())
                .start();

        // nothing listens there: every count fails, as with Redis down
        deadRedis = Redis.client(new RedisConf("127.0.0.1:" + MeshProcess.freePort(), null));
        RateLimitConf down = new RateLimitConf(1L, List.of(), Map.of(
                RUN + "/open", new RouteLimitConf(1L, null, 60L, true),
                RUN + "/closed", new RouteLimitConf(1L, null, 60L, false)));
        serverWithoutRedis = new RestServer(new RestServerConf("127.0.0.1", 0, RestServerConf.DEFAULT_MAX_BYTES),
                new SimpleMeterRegistry())
                .limits(RateLimits.create(down, deadRedis))
                .post(RUN + "/open", Req.class, req -> Map.of())
                .post(RUN + "/closed", Req.class, req -> Map.of())
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            serverWithoutRedis.close();
        }
        for (String k : redis.keys("rl:" + RUN + "/*")) {
            redis.del(k);
        }
        redis.close();
        deadRedis.close();
    }

    private static String newClientIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "203.0." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private static HttpResponse<String> post(RestServer to, String path, String clientIp, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"));
        if (clientIp != null) {
            b.header("X-Forwarded-For", clientIp);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void overTheLimit_is429WithTheEnvelopeAndRetryAfter_beforeTheHandler_andRecoversAfterTheWindow() throws Exception {
        String ip = newClientIp();
        int handledBefore = HANDLED.get();
        assertThat(post(server, RUN + "/tiny", ip, null).statusCode()).isEqualTo(200);
        assertThat(post(server, RUN + "/tiny", ip, null).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = post(server, RUN + "/tiny", ip, null);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"code\":100007,\"msg\":\"too many requests, please try again later\"}");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(HANDLED.get() - handledBefore).as("the refused request never reached its handler").isEqualTo(2);

        // another client is not affected
        assertThat(post(server, RUN + "/tiny", newClientIp(), null).statusCode()).isEqualTo(200);

        // a 2-per-second bucket refills within its second
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> post(server, RUN + "/tiny", ip, null).statusCode() == 200);
    }

    @Test
    void perUserAndPerAddress_areCountedApart() throws Exception {
        String ip = newClientIp();
        String ann = TOKENS.issue(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), TestInfra.unique("session-id")).accessToken();
        String bob = TOKENS.issue(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), TestInfra.unique("session-id")).accessToken();
        // PerUser 2: Ann's third call is refused, though her address has tokens left
        assertThat(post(server, RUN + "/mine", ip, ann).statusCode()).isEqualTo(200);
        assertThat(post(server, RUN + "/mine", ip, ann).statusCode()).isEqualTo(200);
        assertThat(post(server, RUN + "/mine", ip, ann).statusCode()).isEqualTo(429);
        // Bob from the same address: his own bucket, until the address's 4 are spent
        assertThat(post(server, RUN + "/mine", ip, bob).statusCode()).isEqualTo(200);
        HttpResponse<String> addressSpent = post(server, RUN + "/mine", ip, bob);
        assertThat(addressSpent.statusCode()).isEqualTo(429);
        assertThat(addressSpent.body()).startsWith("{\"code\":100007,");
        // Bob from elsewhere still has his second call; Ann has none anywhere
        assertThat(post(server, RUN + "/mine", newClientIp(), bob).statusCode()).isEqualTo(200);
        assertThat(post(server, RUN + "/mine", newClientIp(), ann).statusCode()).isEqualTo(429);
    }

    @Test
    void perAddressLimit_appliesBeforeTheTokenIsChecked() throws Exception {
        String ip = newClientIp();
        for (int i = 0; i < 4; i++) {
            assertThat(post(server, RUN + "/mine", ip, "forged").statusCode()).isEqualTo(401);
        }
        assertThat(post(server, RUN + "/mine", ip, "forged").statusCode()).isEqualTo(429);
    }

    @Test
    void unlimitedRoute_isNeverRefused() throws Exception {
        String ip = newClientIp();
        for (int i = 0; i < 10; i++) {
            assertThat(post(server, RUN + "/free", ip, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void redisDown_failOpenRouteServes_failClosedRouteAnswers503() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(post(serverWithoutRedis, RUN + "/open", null, null).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> closed = post(serverWithoutRedis, RUN + "/closed", null, null);
        assertThat(closed.statusCode()).isEqualTo(503);
        assertThat(closed.body()).isEqualTo("{\"code\":100001,\"msg\":\"server is busy, please try again later\"}");
        assertThat(closed.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void perUserLimitOnARouteWithoutJwt_failsWhenTheRouteIsAdded() {
        RateLimits limits = RateLimits.create(new RateLimitConf(1L, List.of(), Map.of("/pub", new RouteLimitConf(null, 3L, 60L, false))),
                redis);
        assertThatThrownBy(() -> limits.route("/pub", false)).hasMessageContaining("RateLimit.Routes./pub.PerUser");
        assertThat(limits.unusedPaths()).containsExactly("/pub");
    }

    @Test
    void scale_multipliesEveryQuota() throws Exception {
        RateLimits limits = RateLimits.create(new RateLimitConf(3L, List.of(), Map.of(RUN + "/scaled",
                new RouteLimitConf(null, 1L, 60L, false))), redis);
        RateLimits.Route route = limits.route(RUN + "/scaled", true);
        long user = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        for (int i = 0; i < 3; i++) {
            route.perUser(user);
        }
        assertThatThrownBy(() -> route.perUser(user)).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.status()).isEqualTo(429));
    }

    @Test
    void failOpenBucketWithALocalCopy_onOneReplica_servesExactlyItsQuota_then429() throws Exception {
        String ip = newClientIp();
        for (int i = 0; i < 40; i++) {
            assertThat(post(server, RUN + "/copied", ip, null).statusCode()).as("request %d", i + 1).isEqualTo(200);
        }
        HttpResponse<String> refused = post(server, RUN + "/copied", ip, null);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).startsWith("{\"code\":100007,");
        // 40 per 600 s refills a token every 15 s
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(s -> assertThat(s).isBetween(1L, 15L));
        assertThat(post(server, RUN + "/copied", newClientIp(), null).statusCode()).as("another client").isEqualTo(200);
    }

    @Test
    void twoReplicasWithLocalCopies_shareTheBucket_andPassItByAtMostFivePercentEach() {
        RateLimitConf conf = new RateLimitConf(1L, List.of(), Map.of(RUN + "/replicated", new RouteLimitConf(null, 40L, 600L, true)));
        RateLimits.Route a = RateLimits.create(conf, redis).route(RUN + "/replicated", true);
        RateLimits.Route b = RateLimits.create(conf, redis).route(RUN + "/replicated", true);
        long user = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        int passed = 0;
        for (int i = 0; i < 100; i++) {
            try {
                (i % 2 == 0 ? a : b).perUser(user);
                passed++;
            } catch (RateLimitException e) {
                assertThat(e.status()).isEqualTo(429);
            }
        }
        // each copy takes at most 2 tokens (5% of 40) the other cannot see yet
        assertThat(passed).isBetween(40, 44);
        assertThatThrownBy(() -> a.perUser(user)).isInstanceOf(RateLimitException.class);
        assertThatThrownBy(() -> b.perUser(user)).isInstanceOf(RateLimitException.class);
    }

    @Test
    void anEvictedLocalCopy_handsItsTokensToRedisFirst() {
        RateLimitConf conf = new RateLimitConf(1L, List.of(), Map.of(RUN + "/evicted", new RouteLimitConf(null, 40L, 600L, true)));
        RateLimits.Route oneCopy = RateLimits.create(conf, redis, 1).route(RUN + "/evicted", true);
        long ann = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        // the first take settles with Redis, the next two stay in Ann's copy
        for (int i = 0; i < 3; i++) {
            oneCopy.perUser(ann);
        }
        oneCopy.perUser(ann + 1); // Bob's copy evicts Ann's
        RateLimits.Route elsewhere = RateLimits.create(conf, redis).route(RUN + "/evicted", true);
        int passed = 0;
        for (int i = 0; i < 45; i++) {
            try {
                elsewhere.perUser(ann);
                passed++;
            } catch (RateLimitException e) {
                assertThat(e.status()).isEqualTo(429);
            }
        }
        assertThat(passed).as("Ann's 3 tokens are all in Redis").isEqualTo(37);
    }

    @Test
    void oncePer_letsOneOfManyConcurrentCallersThroughPerWindow() throws Exception {
        OncePer gate = new OncePer(redis, "rl:" + RUN + "/once:", Duration.ofMillis(1500));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> callers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                callers.add(() -> gate.first("PMT1"));
            }
            long through = 0;
            for (Future<Boolean> f : pool.invokeAll(callers)) {
                through += f.get() ? 1 : 0;
            }
            assertThat(through).isEqualTo(1);
            assertThat(gate.first("PMT2")).as("another key has its own window").isTrue();
            await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).until(() -> gate.first("PMT1"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oncePer_withRedisDown_letsNobodyThrough() {
        assertThat(new OncePer(deadRedis, "rl:" + RUN + "/once:", Duration.ofSeconds(10)).first("PMT1")).isFalse();
    }
}
