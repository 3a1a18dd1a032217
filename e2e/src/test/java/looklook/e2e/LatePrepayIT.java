package looklook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import looklook.pkg.testing.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first prepay held up on its way to WeChat until after the close job gave its order up (WeChat
 * did not know the payment, and its time_expire had passed): WeChat then takes the prepay anyway,
 * as the real one does (a past time_expire becomes a minute after the prepay), and a user who pays at
 * once is charged. That money must come back by itself and the order must stay cancelled; a user who
 * pays too late is refused; and WeChat keeps nothing.
 */
class LatePrepayIT extends MeshTestBase {
    /** Seconds of pay window: more than the 5 s a prepay needs at least. */
    private static final long CLOSE_DELAY = 6;
    /** WeChat gets each prepay this long after it was sent: after the close job ran. */
    private static final long HOLD_MS = 8_000;

    @BeforeAll
    static void start() throws Exception {
        // no clock grace: the close job gives a payment WeChat does not know up right at its time_expire
        startMesh(new TestMesh.Options(CLOSE_DELAY, 60, 120, 0));
    }

    @Test
    void aPrepayWeChatGetsAfterTheClose_isRefundedByItself_andTheOrderStaysCancelled() throws Exception {
        JsonNode before = mesh.ledger().path("totals");
        long keptBefore = before.path("paid").asLong() - before.path("refunded").asLong();
        mesh.fault("{\"delay\":{\"endpoint\":\"jsapi\",\"hold_ms\":" + HOLD_MS + ",\"count\":2}}");
        List<MiniProgram.User> users = List.of(app.login(), app.login());
        // both book and prepay now; their prepays reach WeChat HOLD_MS later, after the close at CLOSE_DELAY
        List<CompletableFuture<MiniProgram.Booking>> bookings = new ArrayList<>();
        for (MiniProgram.User u : users) {
            bookings.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return app.bookAndPrepay(u);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        MiniProgram.Booking quick = bookings.get(0).get();
        Http.Reply paidAtOnce = app.pay(quick); // the moment the mini program gets its prepay
        MiniProgram.Booking slow = bookings.get(1).get();
        Thread.sleep(1_500); // past the minute (scaled) WeChat gives a prepay that came after its time_expire
        Http.Reply paidLate = app.pay(slow);

        assertThat(paidAtOnce.status()).as("WeChat took the money: " + paidAtOnce.body()).isEqualTo(200);
        assertThat(paidLate.status()).as("too late at WeChat: " + paidLate.body()).isEqualTo(400);
        assertThat(paidLate.body().path("code").asText()).isEqualTo("ORDER_EXPIRED");

        // the money comes back without anyone asking, and neither order turns paid
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(state.transaction(quick.prepayId()).path("trade_state").asText()).isEqualTo("REFUND");
            assertThat(app.payStatus(quick).path("payStatus").asInt()).as("payment refunded").isEqualTo(2);
        });
        assertThat(app.order(quick).path("tradeState").asInt()).as("cancelled, never paid").isEqualTo(-1);
        assertThat(app.order(slow).path("tradeState").asInt()).isEqualTo(-1);
        assertThat(app.payStatus(slow).path("payStatus").asInt()).as("closed").isEqualTo(3);
        JsonNode totals = mesh.ledger().path("totals");
        assertThat(totals.path("paid").asLong() - totals.path("refunded").asLong()).as("WeChat keeps nothing").isEqualTo(keptBefore);
        assertThat(state.messagesByOrder(quick.user().openid())).as("nobody is told a cancelled order was paid").isEmpty();
        assertThat(mesh.metrics("payment-rpc")).as("the late money was counted")
                .containsPattern("(?m)^payment_late_money_total(\\{[^}]*\\})? [1-9]");
    }
}
