package looklook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.SandboxProcess;
import looklook.pkg.wechat.WxTimes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The purchase through the whole mesh (DESIGN.md §4): a mini program pays, WeChat notifies, the
 * payment event crosses Kafka to order-mq, the notify job crosses Redis to mqueue-job, the two
 * subscribe messages cross Kafka to message-mq and land in the user's WeChat inbox, once each.
 * Then the same chain while its workers and its Kafka broker and Redis crash.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PurchaseChainIT extends MeshTestBase {
    /** The crash test's users and the purchases WeChat took money for, for the replay test. */
    static final List<MiniProgram.User> crashUsers = new ArrayList<>();
    static final List<MiniProgram.Booking> crashPaid = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // orders never close here; waiting payments are reconciled after 3 s, every 2 s
        startMesh(new TestMesh.Options(1800, 2, 3));
    }

    @Test
    @Order(1)
    void purchase_endsPaidWithBothMessagesDeliveredOnce_evenWhenWeChatNotifiesThreeTimes() throws Exception {
        MiniProgram.User u = app.login();
        MiniProgram.Booking b = app.bookAndPrepay(u);
        long total = app.order(b).path("orderTotalPrice").asLong();
        // two more acceptances of each template: WeChat would deliver a duplicate, so only our dedupe keeps it at two
        for (int i = 0; i < 2; i++) {
            SandboxProcess.acceptTemplates(mesh.sim.port(), u.openid(), SandboxProcess.LOOKLOOK_TEMPLATES);
        }
        mesh.fault("{\"notify\":{\"mode\":\"duplicate\",\"copies\":3}}");

        Http.Reply paid = app.pay(b);

        assertThat(paid.status()).as("the simulator's answer to the payer: %s", paid.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode s = app.payStatus(b);
            assertThat(s.path("payStatus").asInt()).isEqualTo(1);
            assertThat(s.path("orderTradeState").asInt()).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.inbox(u.openid()).size() >= 2);
        // three notifies, one event, one job: and still two messages a while later
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> mesh.inbox(u.openid()).size() == 2);
        JsonNode inbox = mesh.inbox(u.openid());
        Map<String, JsonNode> byTemplate = new java.util.HashMap<>();
        inbox.forEach(m -> byTemplate.put(m.path("template_id").asText(), m));
        assertThat(byTemplate).containsOnlyKeys(SandboxProcess.TEMPLATE_ORDER_PAID, SandboxProcess.TEMPLATE_CHECK_IN);
        JsonNode orderPaid = byTemplate.get(SandboxProcess.TEMPLATE_ORDER_PAID);
        assertThat(orderPaid.path("page").asText()).isEqualTo("pages/order/detail?sn=" + b.orderSn());
        assertThat(orderPaid.path("data").path("character_string6").path("value").asText()).isEqualTo(b.orderSn());
        assertThat(orderPaid.path("data").path("amount2").path("value").asText())
                .isEqualTo(total / 100 + "." + String.format("%02d", total % 100));
        JsonNode checkIn = byTemplate.get(SandboxProcess.TEMPLATE_CHECK_IN);
        assertThat(checkIn.path("data").path("character_string4").path("value").asText())
                .isEqualTo(app.order(b).path("tradeCode").asText());
        // the stay's dates in date keywords (a time keyword would need a time of day)
        String checkInDate = LocalDate.ofInstant(Instant.ofEpochSecond(app.order(b).path("liveStartDate").asLong()),
                WxTimes.SHANGHAI).toString();
        assertThat(orderPaid.path("data").path("date4").path("value").asText()).isEqualTo(checkInDate);
        assertThat(checkIn.path("data").path("date2").path("value").asText()).isEqualTo(checkInDate);
        JsonNode tx = state.transaction(b.prepayId());
        assertThat(tx.path("trade_state").asText()).isEqualTo("SUCCESS");
        assertThat(tx.path("total").asLong()).isEqualTo(total);
        List<String> deliveries = new ArrayList<>();
        mesh.ledger().path("notifies").forEach(n -> {
            if (n.path("out_trade_no").asText().equals(tx.path("out_trade_no").asText())) {
                deliveries.add(n.path("state").asText());
            }
        });
        assertThat(deliveries).containsExactly("DELIVERED", "DELIVERED", "DELIVERED");
    }

    @Test
    @Order(1)
    void cancellationTheDayBefore_refundsHalf_andTheOrderEndsRefundedWithTheAmount_throughEveryProcess() throws Exception {
        MiniProgram.User u = app.login();
        MiniProgram.Booking b = app.bookAndPrepay(u);
        long total = app.order(b).path("orderTotalPrice").asLong();
        assertThat(app.pay(b).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.payStatus(b).path("orderTradeState").asInt() == 1);

        Http.Reply cancelled = app.cancel(b);

        // check-in is tomorrow: the default policy gives back half (rounded up to the fen), the rest is the fee
        assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(200);
        long back = (total + 1) / 2;
        assertThat(cancelled.data().path("refundAmount").asLong()).isEqualTo(back);
        assertThat(cancelled.data().path("fee").asLong()).isEqualTo(total - back);
        assertThat(app.order(b).path("tradeState").asInt()).as("refunding, or refunded already").isIn(5, 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode s = app.payStatus(b);
            assertThat(s.path("payStatus").asInt()).isEqualTo(2);
            assertThat(s.path("orderTradeState").asInt()).isEqualTo(3);
        });
        assertThat(app.order(b).path("refundAmount").asLong()).isEqualTo(back);
        assertThat(state.transaction(b.prepayId()).path("refunded").asLong()).as("WeChat's books").isEqualTo(back);
        Http.Reply again = app.cancel(b);
        assertThat(again.data().path("refundSn").asText()).as("a repeat answers the same refund")
                .isEqualTo(cancelled.data().path("refundSn").asText());
    }

    @Test
    @Order(0)
    void smsSignUp_thenWeChatWithThatPhone_isTheSameUser_andLogoutEndsTheToken() throws Exception {
        String phone = "136" + String.format("%08d", java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000_000));
        MiniProgram.User signedUp = app.signUp(phone, "e2e-password");
        long userId = app.userId(signedUp.token());
        // the mobile was proven by SMS, so WeChat's verified phone finds that account
        Http.Reply wx = app.wxMiniAuth("oE2eSms" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()), phone);
        assertThat(wx.status()).as(wx.body().toString()).isEqualTo(200);
        String wxToken = wx.data().path("accessToken").asText();
        assertThat(app.userId(wxToken)).isEqualTo(userId);
        // the same token works on order-api, until its session is logged out there
        assertThat(Http.post(mesh.port("order-api"), "/order/v1/homestayOrder/userHomestayOrderList",
                "{\"pageSize\":10}", wxToken).status()).isEqualTo(200);
        assertThat(Http.post(mesh.port("usercenter-api"), "/usercenter/v1/user/logout", "{}", wxToken).status()).isEqualTo(200);
        assertThat(Http.post(mesh.port("order-api"), "/order/v1/homestayOrder/userHomestayOrderList",
                "{\"pageSize\":10}", wxToken).status()).isEqualTo(401);
        assertThat(app.userId(signedUp.token())).as("another session of the user").isEqualTo(userId);
    }

    @Test
    @Order(2)
    void droppedNotify_reconcileJobPaysTheOrderAndTheUserIsNotified() throws Exception {
        MiniProgram.User u = app.login();
        MiniProgram.Booking b = app.bookAndPrepay(u);
        mesh.fault("{\"notify\":{\"mode\":\"drop\"}}");

        assertThat(app.pay(b).status()).isEqualTo(200);

        // only order-api is asked: payment-api's status poll would query WeChat itself after 10 s
        await().atMost(Duration.ofSeconds(40)).until(() -> app.order(b).path("tradeState").asInt() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.inbox(u.openid()).size() == 2);
        String paymentSn = state.transaction(b.prepayId()).path("out_trade_no").asText();
        List<String> deliveries = new ArrayList<>();
        mesh.ledger().path("notifies").forEach(n -> {
            if (n.path("out_trade_no").asText().equals(paymentSn)) {
                deliveries.add(n.path("state").asText());
            }
        });
        assertThat(deliveries).as("WeChat never told us: the reconcile job asked").containsExactly("DROPPED");
        assertThat(mesh.process("mqueue-job").log()).contains("were paid at WeChat without a notify here");
    }

    @Test
    @Order(3)
    void everyPaidOrderEndsPaidAndNotifiedOnce_whileWorkersAreKilledAndKafkaAndRedisRestart() throws Exception {
        List<MiniProgram.User> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(app.login());
        }
        List<MiniProgram.Booking> paid;
        try (Buyers buyers = Buyers.start(app, users, 1, Duration.ofMillis(200))) {
            buyers.awaitMorePaid(3);
            for (String worker : List.of("order-mq", "mqueue-job")) {
                mesh.kill(worker);
                buyers.awaitMorePaid(2);
                mesh.start(worker);
                buyers.awaitMorePaid(3);
            }
            // killed while WeChat answers "busy": every send in flight got an answer and nothing was
            // delivered; a sender killed between a delivery and its done mark sends again (README)
            mesh.fault("{\"mini\":{\"endpoint\":\"subscribe_send\",\"errcode\":-1,\"count\":100000}}");
            Thread.sleep(1000);
            mesh.kill("message-mq");
            mesh.clearFaults();
            buyers.awaitMorePaid(2);
            mesh.start("message-mq");
            buyers.awaitMorePaid(3);
            // each server stays away for seconds, longer than one retry of its clients
            mesh.kafka.kill();
            buyers.awaitMorePaid(2);
            Thread.sleep(4000);
            mesh.kafka.startAgain();
            buyers.awaitMorePaid(3);
            mesh.redis.kill();
            buyers.awaitMorePaid(2);
            Thread.sleep(4000);
            mesh.redis.startAgain();
            buyers.awaitMorePaid(3);
            buyers.close();
            paid = buyers.paid();
            crashUsers.addAll(users);
            crashPaid.addAll(paid);
            System.out.printf("crash test: %d purchases paid, %d abandoned before paying%n", paid.size(), buyers.gaveUp().size());
        }

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> state.assertEachPaidOnce(users, paid));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).untilAsserted(() -> state.assertEachPaidOnce(users, paid));
        for (MiniProgram.Booking b : paid) {
            assertThat(app.order(b).path("tradeState").asInt()).as("order %s", b.orderSn()).isEqualTo(1);
            assertThat(state.transaction(b.prepayId()).path("trade_state").asText()).isEqualTo("SUCCESS");
        }
        assertThat(state.records("payment-update-paystatus-topic-dlq")).isZero();
        assertThat(state.records("send-wx-mini-tpl-message-dlq")).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(state.unsentOutbox("order-rpc")).isZero();
            assertThat(state.unsentOutbox("payment-rpc")).isZero();
            assertThat(state.jobs()).containsEntry("pending", 0L).containsEntry("retry", 0L).containsEntry("active", 0L)
                    .containsEntry("archived", 0L);
        });
    }

    @Test
    @Order(4)
    void replayingBothTopicsFromTheStart_sendsNothingAgain() throws Exception {
        assertThat(crashUsers).as("runs after the crash test, on its orders").isNotEmpty();
        // an operator replays the pay events and the messages (say, after fixing a consumer bug)
        String[][] groups = {{"order-mq", "payment-update-paystatus-topic"}, {"message-mq", "send-wx-mini-tpl-message"}};
        for (String[] g : groups) {
            mesh.process(g[0]).stop();
            state.rewind(g[0], g[1]);
            assertThat(state.lag(g[0], g[1])).as("%s rewound", g[0]).isPositive();
        }
        for (String[] g : groups) {
            mesh.start(g[0]);
        }

        for (String[] g : groups) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> state.lag(g[0], g[1]) == 0);
        }
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).untilAsserted(() -> state.assertEachPaidOnce(crashUsers, crashPaid));
        assertThat(mesh.process("message-mq").log()).contains("outcome=duplicate");
    }
}
