package looklook.pkg.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import looklook.pkg.errors.BizException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WxMiniClient's access-token cache against a scripted stable_token on loopback, on a clock the
 * test moves: it never forces a refresh, and a refused refresh (45009) keeps the current token and
 * waits before asking again.
 */
class WxMiniClientTokenTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final Deque<String> answers = new ArrayDeque<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T02:00:00Z"));
    private WxMiniClient client;

    /** A clock the test sets. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cgi-bin/stable_token", ex -> {
            byte[] out;
            synchronized (this) {
                requests.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
                out = answers.isEmpty() ? "{\"errcode\":-1,\"errmsg\":\"unscripted\"}".getBytes(StandardCharsets.UTF_8)
                        : answers.poll().getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        client = new WxMiniClient(new WxMiniConf("wxTEST", "secret", "http://127.0.0.1:" + server.getAddress().getPort(), 3_000L, true),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void answer(String json) {
        answers.add(json);
    }

    private synchronized int calls() {
        return requests.size();
    }

    private static String token(String value, long expiresIn) {
        return "{\"access_token\":\"" + value + "\",\"expires_in\":" + expiresIn + "}";
    }

    @Test
    void cachesTheToken_andRefreshesFiveMinutesEarly_neverForcing() {
        answer(token("A", 7200));
        answer(token("B", 7200));
        assertThat(client.accessToken()).isEqualTo("A");
        clock.advance(Duration.ofSeconds(6_899));
        assertThat(client.accessToken()).isEqualTo("A");
        assertThat(calls()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.accessToken()).isEqualTo("B");
        assertThat(requests).allSatisfy(r -> assertThat(r.path("force_refresh").asBoolean(true)).isFalse());
    }

    @Test
    void refresh45009_keepsTheCurrentToken_andWaitsBeforeAskingAgain() {
        answer(token("A", 7200));
        answer("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}");
        answer(token("B", 7200));
        client.accessToken();
        clock.advance(Duration.ofSeconds(6_900)); // time to refresh; A still has 5 minutes
        assertThat(client.accessToken()).isEqualTo("A");
        assertThat(calls()).isEqualTo(2);

        clock.advance(WxMiniClient.BACKOFF.minusSeconds(1));
        assertThat(client.accessToken()).isEqualTo("A");
        assertThat(calls()).as("no call during the back-off").isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(client.accessToken()).isEqualTo("B");
        assertThat(calls()).isEqualTo(3);
    }

    @Test
    void refresh45009_afterTheTokenDied_fails_andWaitsBeforeAskingAgain() {
        answer(token("A", 7200));
        answer("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}");
        answer(token("B", 7200));
        client.accessToken();
        clock.advance(Duration.ofSeconds(7_200)); // A is dead: it must not be handed out
        assertThatThrownBy(client::accessToken).isInstanceOf(BizException.class).hasMessageContaining("45009");
        assertThatThrownBy(client::accessToken).isInstanceOf(BizException.class).hasMessageContaining("asking again after");
        assertThat(calls()).isEqualTo(2);

        clock.advance(WxMiniClient.BACKOFF);
        assertThat(client.accessToken()).isEqualTo("B");
    }

    @Test
    void refreshUnreachable_keepsTheCurrentToken() {
        answer(token("A", 7200));
        client.accessToken();
        server.stop(0);
        clock.advance(Duration.ofSeconds(6_900));
        assertThat(client.accessToken()).isEqualTo("A");
    }
}
