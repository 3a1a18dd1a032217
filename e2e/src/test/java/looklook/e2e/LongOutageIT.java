package looklook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Outages longer than every retry budget, with the real jars: order-rpc away while users pay, and
 * the Kafka broker away for a minute while users keep buying. Afterwards every order WeChat took
 * money for is paid and its user told exactly once, with nothing dead-lettered and nobody replaying
 * anything. The time each took to repair is printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LongOutageIT extends MeshTestBase {

    @BeforeAll
    static void start() throws Exception {
        startMesh(new TestMesh.Options(1800, 60, 120));
    }

    @Test
    @Order(1)
    void orderRpcAwayFarLongerThanOrderMqsRetryBudget_everyPaidOrderEndsPaidAndNotifiedOnce() throws Exception {
        mesh.assertApisServing();
        List<MiniProgram.User> users = List.of(app.login(), app.login(), app.login());
        List<MiniProgram.Booking> booked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            booked.add(app.bookAndPrepay(users.get(i % users.size())));
        }
        mesh.kill("order-rpc");
        long down = System.nanoTime();
        for (MiniProgram.Booking b : booked) {
            assertThat(app.pay(b).status()).isEqualTo(200); // WeChat takes the money; order-mq cannot reach order-rpc
        }
        // order-mq's budget for a record's own failures is 3 tries about a second (TestMesh): 20 s outlasts it many times
        Thread.sleep(20_000);
        assertThat(mesh.metrics("order-mq")).as("order-mq waits, paused, instead of giving up")
                .containsPattern("(?m)^kafka_queue_paused\\{[^}]*\\} [1-9]");
        mesh.start("order-rpc");
        long up = System.nanoTime();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> state.assertEachPaidOnce(users, booked));
        System.out.printf("order-rpc outage of %d s: every paid order paid and notified %d ms after it came back%n",
                (up - down) / 1_000_000_000, (System.nanoTime() - up) / 1_000_000);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> state.assertEachPaidOnce(users, booked));
        for (MiniProgram.Booking b : booked) {
            assertThat(app.order(b).path("tradeState").asInt()).as("order %s", b.orderSn()).isEqualTo(1);
        }
        assertThat(state.records("payment-update-paystatus-topic-dlq")).as("nothing dead-lettered").isZero();
    }

    @Test
    @Order(2)
    void kafkaAwayForAMinuteUnderLoad_theRelaysBackOffAndEveryEventArrivesAfter() throws Exception {
        mesh.assertApisServing();
        List<MiniProgram.User> users = List.of(app.login(), app.login(), app.login(), app.login());
        List<MiniProgram.Booking> paid;
        long backlogDuringOutage;
        long downMs;
        try (Buyers buyers = Buyers.start(app, users, 2, Duration.ofMillis(100))) {
            buyers.awaitMorePaid(3);
            mesh.kafka.kill();
            long down = System.nanoTime();
            Thread.sleep(60_000);
            backlogDuringOutage = gauge(mesh.metrics("payment-rpc"), "outbox_backlog");
            assertThat(gauge(mesh.metrics("payment-rpc"), "outbox_oldest_age_seconds")).as("the backlog ages").isGreaterThan(10);
            mesh.kafka.startAgain();
            downMs = (System.nanoTime() - down) / 1_000_000;
            buyers.awaitMorePaid(3);
            buyers.close();
            paid = buyers.paid();
        }
        long up = System.nanoTime();
        assertThat(backlogDuringOutage).as("pay events held in the outbox while Kafka was away").isPositive();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> state.assertEachPaidOnce(users, paid));
        long repairedMs = (System.nanoTime() - up) / 1_000_000;
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> state.assertEachPaidOnce(users, paid));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(state.unsentOutbox("payment-rpc")).isZero();
            assertThat(gauge(mesh.metrics("payment-rpc"), "outbox_dead")).isZero();
        });
        System.out.printf("kafka outage of %d ms under load: %d purchases paid, %d pay events held in the outbox at most; "
                + "all paid and notified %d ms after the buyers stopped%n", downMs, paid.size(), backlogDuringOutage, repairedMs);
        for (MiniProgram.Booking b : paid) {
            assertThat(app.order(b).path("tradeState").asInt()).as("order %s", b.orderSn()).isEqualTo(1);
        }
        assertThat(state.records("payment-update-paystatus-topic-dlq")).isZero();
        assertThat(state.records("send-wx-mini-tpl-message-dlq")).isZero();
    }

    /** A gauge's value (the first series) in Prometheus text. */
    private static long gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as("gauge %s in %n%s", name, metrics.length() > 2000 ? metrics.substring(0, 2000) : metrics).isTrue();
        return (long) Double.parseDouble(m.group(2));
    }
}
