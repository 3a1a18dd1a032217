package looklook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.Http;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first prepay held up on its way to WeChat until after the close job gave its order up (WeChat
 * did not know the payment, and its time_expire had passed): WeChat then takes the prepay anyway, as
 * the real one does (a past time_expire becomes a minute after the prepay), but its code never reaches
 * the user. payment-api hands a code out only once payment-rpc marked the payment prepaid while it
 * waits (MarkPrepaid); told it was closed meanwhile, it closes WeChat's order and answers 130003. Nobody
 * can pay, the order stays cancelled, and WeChat keeps nothing. (Money WeChat takes for a payment closed
 * here all the same is late money, refunded by itself: CloseRaceIT, PcCheckoutIT's channel race.)
 */
class LatePrepayIT extends MeshTestBase {
    /** Seconds of pay window: more than the 5 s a prepay needs at least. */
    private static final long CLOSE_DELAY = 6;
    /** WeChat gets the prepay this long after it was sent: after the close job ran (payment-api's SDK waits 12 s here). */
    private static final long HOLD_MS = 8_000;

    @BeforeAll
    static void start() throws Exception {
        // no clock grace: the close job gives a payment up right at its time_expire
        startMesh(new TestMesh.Options(CLOSE_DELAY, 60, 120, 0));
    }

    @Test
    void aPrepayWeChatGetsAfterTheClose_handsOutNoCode_itsOrderAtWeChatIsClosed_andTheOrderStaysCancelled() throws Exception {
        JsonNode before = mesh.ledger().path("totals");
        long keptBefore = before.path("paid").asLong() - before.path("refunded").asLong();
        mesh.fault("{\"delay\":{\"endpoint\":\"jsapi\",\"hold_ms\":" + HOLD_MS + ",\"count\":1}}");
        MiniProgram.User u = app.login();
        MiniProgram.Booking b = new MiniProgram.Booking(u, app.book(u), null);

        Http.Reply prepay = app.prepay(u, b.orderSn());

        assertThat(prepay.status()).as(prepay.body().toString()).isEqualTo(400);
        assertThat(prepay.code()).as("can no longer be paid").isEqualTo(130003);
        assertThat(prepay.data().path("paySign").isMissingNode()).as("no code handed out").isTrue();
        String paymentSn = paymentOf(b.orderSn());
        JsonNode atWeChat = Http.get(mesh.sim.port(), "/sim/v1/ledger?out_trade_no=" + paymentSn).path("transactions").path(0);
        assertThat(atWeChat.path("trade_state").asText()).as("the order WeChat made late is closed there").isEqualTo("CLOSED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(app.order(b).path("tradeState").asInt()).as("cancelled, never paid").isEqualTo(-1));
        assertThat(app.payStatus(b).path("payStatus").asInt()).as("closed").isEqualTo(3);
        JsonNode totals = mesh.ledger().path("totals");
        assertThat(totals.path("paid").asLong() - totals.path("refunded").asLong()).as("WeChat keeps nothing").isEqualTo(keptBefore);
        assertThat(state.messagesByOrder(u.openid())).as("nobody is told of a payment").isEmpty();
    }

    private static String paymentOf(String orderSn) {
        MysqlDsn dsn = mesh.database("payment-rpc");
        return Jdbi.create(dsn.jdbcUrl(), dsn.user(), dsn.password()).withHandle(h -> h.createQuery(
                "SELECT sn FROM third_payment WHERE order_sn = ?").bind(0, orderSn).mapTo(String.class).one());
    }
}
