package looklook.order.rpc;

import static looklook.order.rpc.OrderRpcFixture.bizError;
import static looklook.order.rpc.OrderRpcFixture.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UpdateTradeStateIT {
    private static final int CANCELLED = -1;
    private static final int WAIT_PAY = 0;
    private static final int PAID = 1;
    private static final int USED = 2;
    private static final int REFUNDED = 3;
    private static final int EXPIRED = 4;
    private static final int REFUNDING = 5;
    private static final Map<Integer, String> NAMES = Map.of(CANCELLED, "-1 (cancelled)", WAIT_PAY, "0 (wait pay)",
            PAID, "1 (paid)", USED, "2 (used)", REFUNDED, "3 (refunded)", EXPIRED, "4 (expired)", REFUNDING, "5 (refunding)");
    /** DESIGN.md §4 and the cancellation's refunding step, written out here rather than read from the code under test. */
    private static final Set<String> ALLOWED = Set.of("0->1", "0->-1", "1->2", "1->3", "1->4", "1->5", "5->3");

    private static OrderRpcFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = OrderRpcFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private long version(String sn) {
        return f.count("SELECT version FROM homestay_order WHERE sn = ?", sn);
    }

    private long state(String sn) {
        return f.count("SELECT trade_state FROM homestay_order WHERE sn = ?", sn);
    }

    /** A new order brought to {@code state} through allowed moves. */
    private String orderIn(int state) {
        String sn = f.create(newUserId());
        if (state == CANCELLED || state == PAID) {
            f.move(sn, state);
        } else if (state != WAIT_PAY) {
            f.move(sn, PAID);
            f.move(sn, state);
        }
        return sn;
    }

    @Test
    void everyAllowedMove_changesTheRowAndAnswersTheOrder() {
        long user = newUserId();
        String sn = f.create(user);
        UpdateHomestayOrderTradeStateResp paid = f.move(sn, PAID);
        assertThat(paid.getChanged()).isTrue();
        assertThat(paid.getTradeState()).isEqualTo(PAID);
        assertThat(paid.getUserId()).isEqualTo(user);
        assertThat(paid.getSn()).isEqualTo(sn);
        assertThat(paid.getTradeCode()).isEqualTo(f.detail(sn).getTradeCode());
        assertThat(paid.getOrderTotalPrice()).isEqualTo(2 * 32800L);
        assertThat(paid.getLiveStartDate()).isEqualTo(OrderRpcFixture.day(1));
        assertThat(paid.getTitle()).isEqualTo("Lakeside Courtyard");
        assertThat(f.move(sn, USED).getTradeState()).isEqualTo(USED);
        assertThat(state(sn)).isEqualTo(USED);
        assertThat(version(sn)).isEqualTo(2);

        for (int end : List.of(REFUNDED, EXPIRED)) {
            String other = orderIn(PAID);
            assertThat(f.move(other, end).getChanged()).isTrue();
            assertThat(state(other)).isEqualTo(end);
        }
        String cancelled = f.create(newUserId());
        assertThat(f.move(cancelled, CANCELLED).getTradeState()).isEqualTo(CANCELLED);
        assertThat(state(cancelled)).isEqualTo(CANCELLED);
        assertThat(version(cancelled)).isEqualTo(1);
    }

    @Test
    void everyForbiddenMove_isRefusedNamingBothStates_andChangesNothing() {
        Map<Integer, String> orders = new LinkedHashMap<>();
        NAMES.keySet().forEach(s -> orders.put(s, orderIn(s)));
        int refused = 0;
        for (int from : NAMES.keySet()) {
            for (int to : NAMES.keySet()) {
                if (from == to || ALLOWED.contains(from + "->" + to)) {
                    continue;
                }
                String sn = orders.get(from);
                long versionBefore = version(sn);
                BizException e = bizError(() -> f.move(sn, to));
                assertThat(e.code()).as(from + "->" + to).isEqualTo(ErrorCode.ORDER_TRADE_STATE_FORBIDDEN.code());
                assertThat(e.userMessage()).isEqualTo("order " + sn + " cannot change from trade state "
                        + NAMES.get(from) + " to " + NAMES.get(to));
                assertThat(state(sn)).isEqualTo(from);
                assertThat(version(sn)).isEqualTo(versionBefore);
                refused++;
            }
        }
        assertThat(refused).isEqualTo(49 - 7 - 7);
    }

    @Test
    void aCancellation_refundingThenRefunded_keepsTheFenGivenBack_andOnlyWithRefunded() {
        String sn = orderIn(REFUNDING);
        assertThat(bizError(() -> f.rpc.updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder()
                .setSn(sn).setTradeState(USED).setRefundAmount(1).build())).code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        UpdateHomestayOrderTradeStateResp r = f.rpc.updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder()
                .setSn(sn).setTradeState(REFUNDED).setRefundAmount(32_800).build());
        assertThat(r.getChanged()).isTrue();
        assertThat(f.detail(sn).getTradeState()).isEqualTo(REFUNDED);
        assertThat(f.detail(sn).getRefundAmount()).isEqualTo(32_800);
    }

    @Test
    void movingToTheCurrentState_isANoOpSuccess() {
        String sn = f.create(newUserId());
        UpdateHomestayOrderTradeStateResp same = f.move(sn, WAIT_PAY);
        assertThat(same.getChanged()).isFalse();
        assertThat(same.getTradeState()).isEqualTo(WAIT_PAY);
        assertThat(version(sn)).isZero();

        f.move(sn, PAID);
        UpdateHomestayOrderTradeStateResp retry = f.move(sn, PAID);
        assertThat(retry.getChanged()).isFalse();
        assertThat(retry.getTradeState()).isEqualTo(PAID);
        assertThat(retry.getSn()).isEqualTo(sn);
        assertThat(version(sn)).isEqualTo(1);
    }

    @Test
    void payAndCancelRacing_exactlyOneKindWinsAndTheRowAgrees() throws Exception {
        int threads = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                String sn = f.create(newUserId());
                CyclicBarrier go = new CyclicBarrier(threads);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    int target = i % 2 == 0 ? PAID : CANCELLED;
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            UpdateHomestayOrderTradeStateResp r = RpcCalls.call(() -> f.move(sn, target));
                            return (r.getChanged() ? "won " : "same ") + r.getTradeState();
                        } catch (BizException e) {
                            return "refused " + target + " " + e.code();
                        }
                    }));
                }
                List<String> outcomes = new ArrayList<>();
                for (Future<String> r : results) {
                    outcomes.add(r.get(30, TimeUnit.SECONDS));
                }
                long winner = state(sn);
                int loser = winner == PAID ? CANCELLED : PAID;
                assertThat(winner).isIn((long) PAID, (long) CANCELLED);
                assertThat(outcomes).as(outcomes.toString())
                        .containsOnlyOnce("won " + winner)
                        .allMatch(o -> o.equals("won " + winner) || o.equals("same " + winner)
                                || o.equals("refused " + loser + " " + ErrorCode.ORDER_TRADE_STATE_FORBIDDEN.code()));
                assertThat(outcomes.stream().filter(o -> o.startsWith("refused"))).hasSize(threads / 2);
                assertThat(version(sn)).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void expire_turnsPaidOrdersWhoseStayEndedIntoExpired_andNothingElse() {
        String endedPaid = orderIn(PAID);
        String endedWaiting = orderIn(WAIT_PAY);
        String endedCancelled = orderIn(CANCELLED);
        String endedRefunding = orderIn(REFUNDING);
        String futurePaid = orderIn(PAID);
        f.svc.jdbi().useHandle(h -> h.execute("UPDATE homestay_order SET live_end_date = ? WHERE sn IN (?, ?, ?, ?)",
                OrderRpcFixture.TODAY.minusDays(1), endedPaid, endedWaiting, endedCancelled, endedRefunding));

        var r = f.rpc.expireHomestayOrders(looklook.proto.order.ExpireHomestayOrdersReq.newBuilder().setLimit(10_000).build());
        assertThat(r.getExpired()).isGreaterThanOrEqualTo(1);
        assertThat(state(endedPaid)).isEqualTo(4);
        assertThat(state(endedWaiting)).isEqualTo(WAIT_PAY);
        assertThat(state(endedCancelled)).isEqualTo(CANCELLED);
        assertThat(state(endedRefunding)).as("a cancellation's refund on its way is not expired").isEqualTo(REFUNDING);
        assertThat(state(futurePaid)).isEqualTo(PAID);
        assertThat(f.rpc.expireHomestayOrders(looklook.proto.order.ExpireHomestayOrdersReq.newBuilder().setLimit(10_000).build())
                .getExpired()).as("a second run finds nothing").isZero();
    }

    @Test
    void unknownOrMalformedInput_isRefused() {
        BizException unknown = bizError(() -> f.move("HSO" + "0".repeat(22), PAID));
        assertThat(unknown.code()).isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());
        BizException badSn = bizError(() -> f.move("HSO123", PAID));
        assertThat(badSn.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(badSn.userMessage()).isEqualTo("sn: \"HSO123\" (expected HSO followed by 22 digits)");
        String sn = f.create(newUserId());
        BizException badState = bizError(() -> f.move(sn, 7));
        assertThat(badState.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(badState.userMessage()).isEqualTo("tradeState: 7 (expected one of -1, 0, 1, 2, 3, 4)");
        assertThat(state(sn)).isEqualTo(WAIT_PAY);
    }
}
