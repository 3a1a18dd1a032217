package looklook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import looklook.pkg.testing.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Users who pay at the last moment, against the job that closes unpaid orders (DESIGN.md §4 step 9),
 * many times, checked against WeChat's own books: money taken means a paid order (or a refund),
 * a paid order means money taken, and never both a cancelled order and money kept.
 */
class CloseRaceIT extends MeshTestBase {
    /** Seconds after creation at which an unpaid order closes here. */
    private static final long CLOSE_DELAY = 6;
    private static final int ORDERS = 30;
    /** Pays spread from 1 s before the close is due to 1.5 s after it. */
    private static final long EARLIEST_MS = -1000;
    private static final long LATEST_MS = 1500;

    @BeforeAll
    static void start() throws Exception {
        // the reconcile tick stays at its committed pace: the close job alone races the payers
        startMesh(new TestMesh.Options(CLOSE_DELAY, 60, 120));
    }

    /** One order and what the payer heard from WeChat. */
    record Attempt(MiniProgram.Booking booking, long offsetMs, Http.Reply pay) {
    }

    /** No fault; then WeChat failing the first closes (after closing) and the first queries, so the job retries. */
    static List<List<String>> faults() {
        return List.of(List.of(), List.of("{\"fail\":{\"endpoint\":\"close\",\"status\":500,\"after\":true,\"count\":4}}",
                "{\"fail\":{\"endpoint\":\"query\",\"status\":503,\"count\":4}}"));
    }

    @ParameterizedTest(name = "WeChat faults: {0}")
    @MethodSource("faults")
    void payingAtTheLastMoment_eachOrderEndsPaidOrCancelled_matchingWeChatsBooks(List<String> faults) throws Exception {
        mesh.clearFaults();
        for (String f : faults) {
            mesh.fault(f);
        }
        JsonNode before = mesh.ledger().path("totals");
        long keptBefore = before.path("paid").asLong() - before.path("refunded").asLong();
        List<MiniProgram.User> users = List.of(app.login(), app.login(), app.login());
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
        List<CompletableFuture<Attempt>> attempts = new ArrayList<>();
        try {
            for (int i = 0; i < ORDERS; i++) {
                long offset = EARLIEST_MS + i * (LATEST_MS - EARLIEST_MS) / (ORDERS - 1);
                MiniProgram.Booking b = app.bookAndPrepay(users.get(i % users.size()));
                CompletableFuture<Attempt> a = new CompletableFuture<>();
                clock.schedule(() -> {
                    try {
                        a.complete(new Attempt(b, offset, app.pay(b)));
                    } catch (Exception e) {
                        a.completeExceptionally(e);
                    }
                }, CLOSE_DELAY * 1000 + offset, TimeUnit.MILLISECONDS);
                attempts.add(a);
                Thread.sleep(150);
            }
            CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            clock.shutdownNow();
        }

        Map<String, Integer> tally = new TreeMap<>();
        for (CompletableFuture<Attempt> f : attempts) {
            Attempt a = f.join();
            // the close job has run for every order by now; wait for the order's final state
            await().atMost(Duration.ofSeconds(60)).until(() -> app.order(a.booking()).path("tradeState").asInt() != 0);
            String outcome = settle(a);
            tally.merge(outcome, 1, Integer::sum);
        }
        System.out.println("close race: " + tally);
        assertThat(tally).as("the spread makes both sides win: early payers and late ones").containsKeys("paid", "closed");
        long paidOrders = 0;
        for (CompletableFuture<Attempt> f : attempts) {
            JsonNode o = app.order(f.join().booking());
            paidOrders += o.path("tradeState").asInt() == 1 ? o.path("orderTotalPrice").asLong() : 0;
        }
        long expected = paidOrders + keptBefore;
        // a refund settles at WeChat a few seconds after it is asked for
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode totals = mesh.ledger().path("totals");
            assertThat(totals.path("paid").asLong() - totals.path("refunded").asLong())
                    .as("money WeChat kept equals the paid orders' totals").isEqualTo(expected);
        });
    }

    /** Checks one order against WeChat's books; returns how it ended. */
    private static String settle(Attempt a) throws Exception {
        MiniProgram.Booking b = a.booking();
        JsonNode tx = state.transaction(b.prepayId());
        String why = "order " + b.orderSn() + " paid at " + a.offsetMs() + " ms from the close: " + a.pay().status() + " "
                + a.pay().body() + "; WeChat: " + tx;
        int tradeState = app.order(b).path("tradeState").asInt();
        switch (tx.path("trade_state").asText()) {
            case "SUCCESS" -> {
                assertThat(a.pay().status()).as(why).isEqualTo(200);
                assertThat(tradeState).as(why).isEqualTo(1);
                assertThat(app.payStatus(b).path("payStatus").asInt()).as(why).isEqualTo(1);
                return "paid";
            }
            case "CLOSED" -> {
                assertThat(a.pay().status()).as(why).isNotEqualTo(200);
                // closed by the close job, or past the order's time_expire before that (WeChat refuses either way)
                assertThat(a.pay().body().path("code").asText()).as(why).isIn("ORDER_CLOSED", "ORDER_EXPIRED");
                assertThat(tradeState).as(why).isEqualTo(-1);
                assertThat(app.payStatus(b).path("payStatus").asInt()).as(why).isEqualTo(3);
                return "closed";
            }
            case "REFUND" -> {
                // paid after all, but the order was cancelled: the money goes back, never kept
                assertThat(a.pay().status()).as(why).isEqualTo(200);
                assertThat(tradeState).as(why).isIn(-1, 3);
                return "refunded";
            }
            default -> throw new AssertionError("unsettled at WeChat: " + why);
        }
    }
}
