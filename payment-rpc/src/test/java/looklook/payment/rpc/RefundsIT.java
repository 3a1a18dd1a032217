package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.SandboxProcess;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.ApplyAbnormalRefundReq;
import looklook.proto.payment.CancelBookingReq;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.RefundPaymentResp;
import looklook.proto.payment.RetryClosedRefundReq;
import looklook.proto.payment.UpdateRefundStatusReq;
import looklook.proto.payment.UpdateRefundStatusResp;
import looklook.proto.payment.UpdateTradeStateReq;
import looklook.proto.payment.paymentGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cancellations and platform refunds through payment-rpc's gRPC server, against the simulator as
 * WeChat (its refund rules: a minute between two refunds of a payment, never more than was paid,
 * ABNORMAL and CLOSED by fault) and an order service served here on loopback gRPC whose state moves
 * are compare-and-sets as order-rpc's are (so a check-in can race a cancellation). Refund notifies
 * are never delivered here (the notify URL is unreachable): every refund settles through the refund
 * pump's query, which is the lost-notify path. Money is compared with the simulator's ledger to the fen.
 */
class RefundsIT {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration SETTLE = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    private static PaymentRpcFixture fx;
    private static SandboxProcess.Running sim;
    private static OrderRpcDouble orders;
    private static ServiceContext svc;
    private static paymentGrpc.paymentBlockingStub rpc;

    @BeforeAll
    static void start() throws Exception {
        fx = PaymentRpcFixture.start(tmp, 300L);
        sim = fx.sim();
        orders = fx.orders();
        svc = fx.svc();
        rpc = fx.rpc();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @AfterEach
    void clearFaults() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/v1/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @ParameterizedTest(name = "check-in in {0} days: {1} of 10000 back")
    @CsvSource({"30, 10000", "7, 10000", "6, 5000", "1, 5000"})
    void aCancellation_refundsWhatThePolicySays_andTheOrderIsRefundingThenThePaymentRefunded(int days, long back) throws Exception {
        long guest = newUserId();
        String orderSn = order(guest, days);
        String paymentSn = pay(guest, orderSn, 10_000);

        RefundPaymentResp r = cancel(orderSn, guest);

        assertThat(r.getRefundAmount()).isEqualTo(back);
        assertThat(r.getFee()).isEqualTo(10_000 - back);
        assertThat(orders.orders.get(orderSn).getTradeState()).isEqualTo(OrderTradeState.REFUNDING.code());
        settled(r.getRefundSn(), 1);
        assertThat(payStatus(paymentSn)).isEqualTo(2);
        JsonNode event = svc.jdbi().withHandle(h -> h.createQuery("SELECT payload FROM outbox WHERE msg_key = ? "
                + "AND payload LIKE '%\"payStatus\":2%'").bind(0, orderSn).mapTo(String.class).findOne())
                .map(RefundsIT::json).orElseThrow(() -> new AssertionError("no payStatus 2 event"));
        assertThat(event.path("refundAmount").asLong()).as("the fen the order keeps as refunded").isEqualTo(back);
        assertThat(ledgerRefunds(paymentSn)).extracting(n -> n.path("refund").asLong()).containsExactly(back);
        assertThat(refundNotifiesDelivered(paymentSn)).as("no notify arrived: the pump's query settled it").isZero();
    }

    @ParameterizedTest(name = "check-in in {0} days")
    @CsvSource({"0", "-1"})
    void aCancellationFromCheckInDayOn_isRefused_andChangesNothing(int days) throws Exception {
        long guest = newUserId();
        String orderSn = order(guest, days);
        String paymentSn = pay(guest, orderSn, 10_000);

        BizException e = bizError(() -> cancel(orderSn, guest));

        assertThat(e.code()).isEqualTo(ErrorCode.REFUND_NOTHING_UNDER_POLICY.code());
        assertThat(orders.orders.get(orderSn).getTradeState()).isEqualTo(OrderTradeState.PAID.code());
        assertThat(refundRows(paymentSn)).isZero();
        assertThat(ledgerRefunds(paymentSn)).isEmpty();
    }

    @Test
    void aUsedOrder_oneOfAnotherGuest_andARepeat_areAnsweredAsTheyShouldBe() throws Exception {
        long guest = newUserId();
        String used = order(guest, 10);
        pay(guest, used, 10_000);
        checkIn(used);
        assertThat(bizError(() -> cancel(used, guest)).code()).isEqualTo(ErrorCode.REFUND_NOT_ALLOWED.code());
        assertThat(bizError(() -> cancel(used, newUserId())).code()).isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());

        String paid = order(guest, 10);
        String paymentSn = pay(guest, paid, 10_000);
        List<RefundPaymentResp> answers = PaymentRpcIT.concurrently(5, () -> cancel(paid, guest));
        assertThat(answers).extracting(RefundPaymentResp::getRefundSn).containsOnly(answers.get(0).getRefundSn());
        settled(answers.get(0).getRefundSn(), 1);
        assertThat(cancel(paid, guest).getRefundStatus()).as("a repeat after it settled answers it").isEqualTo(1);
        assertThat(ledgerRefunds(paymentSn)).hasSize(1);
    }

    @Test
    void aCancellationThatLosesTheRaceToCheckIn_isVoided_andWeChatNeverHearsOfIt() throws Exception {
        long guest = newUserId();
        String orderSn = order(guest, 10);
        String paymentSn = pay(guest, orderSn, 10_000);
        orders.checkInFirst.add(orderSn);

        assertThat(bizError(() -> cancel(orderSn, guest)).code()).isEqualTo(ErrorCode.REFUND_NOT_ALLOWED.code());

        assertThat(orders.orders.get(orderSn).getTradeState()).isEqualTo(OrderTradeState.USED.code());
        List<Integer> statuses = svc.jdbi().withHandle(h -> h.createQuery("SELECT refund_status FROM third_refund WHERE payment_sn = ?")
                .bind(0, paymentSn).mapTo(Integer.class).list());
        assertThat(statuses).containsExactly(3);
        Thread.sleep(1_000);
        assertThat(ledgerRefunds(paymentSn)).as("never asked of WeChat, even by the pump").isEmpty();
    }

    @Test
    void cancellationsRacingCheckIns_endOneWayEach_andTheLedgersAgreeToTheFen() throws Exception {
        long guest = newUserId();
        List<String[]> cases = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String orderSn = order(guest, 10);
            cases.add(new String[] {orderSn, pay(guest, orderSn, 1_000 + i)});
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String[] c : cases) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Object> cancel = pool.submit(() -> {
                    start.await();
                    try {
                        return cancel(c[0], guest);
                    } catch (BizException e) {
                        return e;
                    }
                });
                Future<Boolean> checkIn = pool.submit(() -> {
                    start.await();
                    return checkIn(c[0]);
                });
                Object cancelled = cancel.get(20, TimeUnit.SECONDS);
                boolean checkedIn = checkIn.get(20, TimeUnit.SECONDS);
                assertThat(checkedIn).as("exactly one of check-in and cancellation wins %s", c[0])
                        .isNotEqualTo(cancelled instanceof RefundPaymentResp);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String[] c : cases) {
            long state = orders.orders.get(c[0]).getTradeState();
            if (state == OrderTradeState.USED.code()) {
                long live = svc.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM third_refund WHERE payment_sn = ? "
                        + "AND refund_status <> 3").bind(0, c[1]).mapTo(Long.class).one());
                assertThat(live).as("a checked-in order has no refund but voided ones").isZero();
            } else {
                assertThat(state).isEqualTo((long) OrderTradeState.REFUNDING.code());
                await().atMost(SETTLE).until(() -> payStatus(c[1]) == 2);
            }
        }
        Thread.sleep(1_000);
        for (String[] c : cases) {
            long ours = svc.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(refund_amount), 0) FROM third_refund "
                    + "WHERE payment_sn = ? AND refund_status = 1").bind(0, c[1]).mapTo(Long.class).one());
            assertThat(ledger(c[1]).path("transactions").path(0).path("refunded").asLong()).as(c[1]).isEqualTo(ours);
        }
    }

    @Test
    void tenConcurrentPartialRefunds_neverSumAboveThePayment_waitTheirTurn_andWeChatSeesEachOnce() throws Exception {
        long guest = newUserId();
        String orderSn = order(guest, 10);
        String paymentSn = pay(guest, orderSn, 10_000);

        List<Object> answers = PaymentRpcIT.concurrently(12, () -> {
            try {
                return partial(orderSn, 1_000, "comp-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
            } catch (BizException e) {
                return e;
            }
        });

        List<RefundPaymentResp> made = answers.stream().filter(RefundPaymentResp.class::isInstance).map(RefundPaymentResp.class::cast).toList();
        assertThat(made).hasSize(10);
        assertThat(made).extracting(RefundPaymentResp::getRefundSn).doesNotHaveDuplicates();
        assertThat(answers.stream().filter(BizException.class::isInstance).map(e -> ((BizException) e).code()))
                .containsOnly(ErrorCode.REFUND_TOO_MUCH.code()).hasSize(2);
        List<Long> turns = made.stream().map(RefundPaymentResp::getNotBefore).filter(t -> t > 0).sorted().toList();
        assertThat(turns).as("the later ones wait their turn").hasSizeGreaterThanOrEqualTo(8);
        for (int i = 1; i < turns.size(); i++) {
            assertThat(turns.get(i) - turns.get(i - 1)).isGreaterThanOrEqualTo(PaymentRpcIT.REFUND_SPACING_MS);
        }
        for (RefundPaymentResp r : made) {
            settled(r.getRefundSn(), 1);
        }
        JsonNode books = ledger(paymentSn);
        assertThat(books.path("refunds")).hasSize(10);
        assertThat(ledgerRefunds(paymentSn)).extracting(n -> n.path("out_refund_no").asText())
                .containsExactlyInAnyOrderElementsOf(made.stream().map(RefundPaymentResp::getRefundSn).toList());
        assertThat(books.path("transactions").path(0).path("refunded").asLong()).isEqualTo(10_000);
        assertThat(payStatus(paymentSn)).as("partial refunds leave the payment paid").isEqualTo(1);
    }

    @Test
    void aPartialRefundRepeatedUnderItsKey_isMadeOnce_andTheKeyCannotBeReusedForAnotherAmount() throws Exception {
        long guest = newUserId();
        String orderSn = order(guest, 10);
        String paymentSn = pay(guest, orderSn, 2_000);
        RefundPaymentResp once = partial(orderSn, 500, "price-fix-1");

        assertThat(partial(orderSn, 500, "price-fix-1").getRefundSn()).isEqualTo(once.getRefundSn());
        assertThat(bizError(() -> partial(orderSn, 600, "price-fix-1")).code()).isEqualTo(ErrorCode.REFUND_KEY_REUSED.code());
        assertThat(bizError(() -> partial(orderSn, 1_600, "price-fix-2")).code()).isEqualTo(ErrorCode.REFUND_TOO_MUCH.code());
        assertThat(bizError(() -> partial(orderSn, 100, "bad key!")).code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(partial(orderSn, 100, "Price-Fix-1").getRefundSn()).as("keys are compared case and all")
                .isNotEqualTo(once.getRefundSn());
        settled(once.getRefundSn(), 1);
        assertThat(ledgerRefunds(paymentSn)).hasSize(2);
        RefundPaymentResp cancelled = cancel(orderSn, guest);
        assertThat(cancelled.getRefundAmount()).as("the policy applies to what is left").isEqualTo(1_400);
        assertThat(cancelled.getFee()).isZero();
    }

    // --- helpers

    private static long newUserId() {
        return ThreadLocalRandom.current().nextLong(1, 1_000_000_000_000L);
    }

    private static long day(int days) {
        return LocalDate.now(SHANGHAI).plusDays(days).atStartOfDay(SHANGHAI).toEpochSecond();
    }

    /** A paid order of {@code guest} checking in {@code checkIn} days from today. */
    private static String order(long guest, int checkIn) {
        String sn = PaymentRpcIT.newOrderSn();
        orders.orders.put(sn, HomestayOrder.newBuilder().setSn(sn).setUserId(guest).setHomestayUserId(1)
                .setTradeState(OrderTradeState.PAID.code()).setLiveStartDate(day(checkIn)).setLiveEndDate(day(checkIn + 2)).build());
        return sn;
    }

    /** The order's payment, paid at the simulator and here (as the notify would make it). */
    private static String pay(long guest, String orderSn, long total) throws Exception {
        String paymentSn = rpc.createPayment(CreatePaymentReq.newBuilder().setUserId(guest).setPayModel("WECHAT_PAY")
                .setPayTotal(total).setOrderSn(orderSn).setServiceType("homestayOrder").build()).getSn();
        String transactionId = SimPayer.pay(svc, sim, paymentSn, total, Map.of());
        rpc.updateTradeState(UpdateTradeStateReq.newBuilder().setSn(paymentSn).setPayStatus(1).setTradeState("SUCCESS")
                .setTransactionId(transactionId).build());
        return paymentSn;
    }

    private static boolean checkIn(String orderSn) {
        return orders.checkIn(orderSn);
    }

    private static RefundPaymentResp cancel(String orderSn, long guest) {
        return RpcCalls.call(() -> rpc.cancelBooking(CancelBookingReq.newBuilder().setOrderSn(orderSn).setUserId(guest).build()));
    }

    private static RefundPaymentResp partial(String orderSn, long amount, String key) {
        return RpcCalls.call(() -> rpc.refundPayment(RefundPaymentReq.newBuilder().setOrderSn(orderSn).setAmount(amount)
                .setIdempotencyKey(key).setReason("compensation").build()));
    }

    /** Waits until refund {@code sn} has {@code status} here. */
    private static void settled(String sn, int status) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() -> svc.jdbi().withHandle(h -> h.createQuery(
                "SELECT refund_status FROM third_refund WHERE sn = ?").bind(0, sn).mapTo(Integer.class).one()) == status);
    }

    private static int payStatus(String paymentSn) {
        return svc.jdbi().withHandle(h -> h.createQuery("SELECT pay_status FROM third_payment WHERE sn = ?").bind(0, paymentSn)
                .mapTo(Integer.class).one());
    }

    private static long refundRows(String paymentSn) {
        return svc.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM third_refund WHERE payment_sn = ?").bind(0, paymentSn)
                .mapTo(Long.class).one());
    }

    private static JsonNode ledger(String paymentSn) throws Exception {
        return Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + paymentSn);
    }

    private static List<JsonNode> ledgerRefunds(String paymentSn) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ledger(paymentSn).path("refunds").forEach(out::add);
        return out;
    }

    private static long refundNotifiesDelivered(String paymentSn) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ledger(paymentSn).path("notifies").forEach(out::add);
        return out.stream().filter(n -> n.path("event_type").asText().startsWith("REFUND."))
                .filter(n -> n.path("state").asText().equals("DELIVERED")).count();
    }

    private static void fault(String json) throws Exception {
        JsonNode r = Http.postRaw(sim.port(), "/sim/v1/faults", json);
        assertThat(r.path("active").isObject()).as(r.toString()).isTrue();
    }

    private static JsonNode json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static BizException bizError(Supplier<?> call) {
        try {
            RpcCalls.call(call);
        } catch (BizException e) {
            return e;
        }
        throw new AssertionError("expected a business error");
    }



    @Test
    void aRefundWeChatClosed_isReplacedByANewOne_andTheMoneyComesBack() throws Exception {
        long guest = newUserId();
        String orderSn = order(guest, 10);
        String paymentSn = pay(guest, orderSn, 4_000);
        fault("{\"refund\":{\"status\":\"CLOSED\",\"count\":1}}");

        RefundPaymentResp first = cancel(orderSn, guest);

        settled(first.getRefundSn(), 2);
        await().atMost(SETTLE).until(() -> payStatus(paymentSn) == 2);
        List<JsonNode> atWeChat = ledgerRefunds(paymentSn);
        assertThat(atWeChat).extracting(n -> n.path("status").asText()).containsExactlyInAnyOrder("CLOSED", "SUCCESS");
        assertThat(ledger(paymentSn).path("transactions").path(0).path("refunded").asLong()).isEqualTo(4_000);
        String replacement = svc.jdbi().withHandle(h -> h.createQuery("SELECT sn FROM third_refund WHERE retry_of = ?")
                .bind(0, first.getRefundSn()).mapTo(String.class).one());
        assertThat(cancel(orderSn, guest).getRefundSn()).as("a repeat answers the refund that took its place").isEqualTo(replacement);
    }

    @Test
    void aRefundWeChatClosesEveryTime_stopsAfterThreeTries_andTheOperatorsRetryEndsIt() throws Exception {
        long guest = newUserId();
        String orderSn = order(guest, 10);
        String paymentSn = pay(guest, orderSn, 2_000);
        fault("{\"refund\":{\"status\":\"CLOSED\",\"count\":3}}");

        RefundPaymentResp first = cancel(orderSn, guest);

        await().atMost(SETTLE).until(() -> ledgerRefunds(paymentSn).stream()
                .filter(n -> n.path("status").asText().equals("CLOSED")).count() == 3);
        Thread.sleep(500);
        assertThat(refundRows(paymentSn)).as("no fourth try by itself").isEqualTo(3);
        assertThat(svc.metrics().get("refund.failed").gauge().value()).isGreaterThanOrEqualTo(1);
        String last = svc.jdbi().withHandle(h -> h.createQuery("SELECT sn FROM third_refund WHERE payment_sn = ? ORDER BY id DESC LIMIT 1")
                .bind(0, paymentSn).mapTo(String.class).one());
        assertThat(orders.orders.get(orderSn).getTradeState()).isEqualTo(OrderTradeState.REFUNDING.code());

        RefundPaymentResp retried = rpc.retryClosedRefund(RetryClosedRefundReq.newBuilder().setRefundSn(last).build());

        assertThat(rpc.retryClosedRefund(RetryClosedRefundReq.newBuilder().setRefundSn(last).build()).getRefundSn())
                .as("a repeat answers the same new refund").isEqualTo(retried.getRefundSn());
        settled(retried.getRefundSn(), 1);
        await().atMost(SETTLE).until(() -> payStatus(paymentSn) == 2);
        assertThat(ledger(paymentSn).path("transactions").path(0).path("refunded").asLong()).isEqualTo(2_000);
        assertThat(cancel(orderSn, guest).getRefundSn()).isEqualTo(retried.getRefundSn());
        String second = svc.jdbi().withHandle(h -> h.createQuery("SELECT sn FROM third_refund WHERE retry_of = ?")
                .bind(0, first.getRefundSn()).mapTo(String.class).one());
        assertThat(rpc.retryClosedRefund(RetryClosedRefundReq.newBuilder().setRefundSn(first.getRefundSn()).build()).getRefundSn())
                .as("the first was replaced long ago: its replacement is the answer, not a new refund").isEqualTo(second);
        assertThat(refundRows(paymentSn)).isEqualTo(4);
    }

    @Test
    void anAbnormalRefund_holdsTheMoney_untilTheOperatorAppliesForIt() throws Exception {
        long guest = newUserId();
        String orderSn = order(guest, 10);
        String paymentSn = pay(guest, orderSn, 3_000);
        fault("{\"refund\":{\"status\":\"ABNORMAL\",\"count\":1}}");

        RefundPaymentResp r = cancel(orderSn, guest);
        settled(r.getRefundSn(), -1);
        assertThat(svc.metrics().get("refund.abnormal").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(ledger(paymentSn).path("transactions").path(0).path("refund_held").asLong()).isEqualTo(3_000);
        assertThat(payStatus(paymentSn)).isEqualTo(1);

        RefundPaymentResp applied = rpc.applyAbnormalRefund(ApplyAbnormalRefundReq.newBuilder().setRefundSn(r.getRefundSn())
                .setType("USER_BANK_CARD").setBankType("ICBC_DEBIT").setBankAccount("6222020000000000000").setRealName("Zhang San").build());

        assertThat(applied.getRefundStatus()).isZero();
        UpdateRefundStatusResp stale = rpc.updateRefundStatus(UpdateRefundStatusReq.newBuilder().setRefundSn(r.getRefundSn())
                .setRefundStatus(-1).setRefundAmount(3_000).build());
        assertThat(stale.getChanged()).as("a late ABNORMAL report of a refund applied for changes nothing").isFalse();
        settled(r.getRefundSn(), 1);
        await().atMost(SETTLE).until(() -> payStatus(paymentSn) == 2);
        JsonNode books = ledger(paymentSn);
        assertThat(books.path("transactions").path(0).path("refunded").asLong()).isEqualTo(3_000);
        assertThat(ledgerRefunds(paymentSn).get(0).path("abnormal_refund").asText()).isEqualTo("USER_BANK_CARD");
        assertThat(bizError(() -> rpc.applyAbnormalRefund(ApplyAbnormalRefundReq.newBuilder().setRefundSn(r.getRefundSn())
                .setType("MERCHANT_BANK_CARD").build())).code()).as("only an ABNORMAL refund is applied for")
                .isEqualTo(ErrorCode.REFUND_NOT_ALLOWED.code());
    }
}
