package looklook.order.rpc;

import static looklook.order.rpc.OrderRpcFixture.bizError;
import static looklook.order.rpc.OrderRpcFixture.day;
import static looklook.order.rpc.OrderRpcFixture.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.CheckInHomestayOrderReq;
import looklook.proto.order.CheckInHomestayOrderResp;
import looklook.proto.order.ExpireHomestayOrdersReq;
import looklook.proto.order.HomestayOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The landlord's check-in: who may, with which code, from which state, and the race against refund and expiry. */
class CheckInIT {
    private static final int CANCELLED = -1;
    private static final int PAID = 1;
    private static final int USED = 2;
    private static final int REFUNDED = 3;
    /** A cancellation's first step, payment-rpc's compare-and-set before it asks WeChat. */
    private static final int REFUNDING = 5;
    private static final int EXPIRED = 4;
    private static OrderRpcFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = OrderRpcFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    /** A booking of a home of {@code landlord}'s own (a catalog row this test adds), checking in today. */
    record Booking(String sn, long guest, long landlord, String code) {
    }

    private static Booking booking(int checkInOffset) {
        long landlord = newUserId();
        long homeId = f.svc.jdbi().withHandle(h -> h.createUpdate("INSERT INTO homestay (title, people_num, homestay_business_id, "
                + "user_id, row_state, homestay_price) VALUES ('Check-in Test House', 4, 9, :landlord, 1, 20000)")
                .bind("landlord", landlord).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        long guest = newUserId();
        String sn = f.rpc.createHomestayOrder(OrderRpcFixture.req(guest, homeId, day(checkInOffset), day(checkInOffset + 2), 2)
                .build()).getSn();
        return new Booking(sn, guest, landlord, f.detail(sn).getTradeCode());
    }

    private static Booking paidBooking() {
        Booking b = booking(0);
        f.move(b.sn(), PAID);
        return b;
    }

    private static CheckInHomestayOrderResp checkIn(String sn, long userId, String code) {
        return f.rpc.checkInHomestayOrder(CheckInHomestayOrderReq.newBuilder().setSn(sn).setUserId(userId).setTradeCode(code).build());
    }

    private static long state(String sn) {
        return f.count("SELECT trade_state FROM homestay_order WHERE sn = ?", sn);
    }

    private static long version(String sn) {
        return f.count("SELECT version FROM homestay_order WHERE sn = ?", sn);
    }

    @Test
    void theLandlordWithTheCode_movesAPaidOrderToUsed() {
        Booking b = paidBooking();
        HomestayOrder o = checkIn(b.sn(), b.landlord(), b.code()).getHomestayOrder();
        assertThat(o.getSn()).isEqualTo(b.sn());
        assertThat(o.getTradeState()).isEqualTo(USED);
        assertThat(o.getUserId()).isEqualTo(b.guest());
        assertThat(state(b.sn())).isEqualTo(USED);
        assertThat(version(b.sn())).isEqualTo(2);

        // the code as a guest may read it out: lower case, with spaces around
        Booking lower = paidBooking();
        checkIn(lower.sn(), lower.landlord(), " " + lower.code().toLowerCase(Locale.ROOT) + " ");
        assertThat(state(lower.sn())).isEqualTo(USED);
    }

    @Test
    void theGuestAStrangerAndAnotherLandlord_areAnsweredExactlyAsForAMissingOrder() {
        Booking b = paidBooking();
        Booking other = paidBooking();
        BizException missing = bizError(() -> checkIn("HSO" + "0".repeat(22), b.landlord(), b.code()));
        assertThat(missing.code()).isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());
        for (long caller : List.of(b.guest(), newUserId(), other.landlord())) {
            BizException e = bizError(() -> checkIn(b.sn(), caller, b.code()));
            assertThat(e.code()).isEqualTo(missing.code());
            assertThat(e.userMessage()).isEqualTo(missing.userMessage()).doesNotContain(b.sn());
        }
        // even with a wrong code: a stranger never learns that the code was checked
        assertThat(bizError(() -> checkIn(b.sn(), newUserId(), "ZZZZZZZZ")).code()).isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());
        assertThat(state(b.sn())).isEqualTo(PAID);
        assertThat(version(b.sn())).isEqualTo(1);
    }

    @Test
    void aWrongCode_isItsOwnError_andChangesNothing() {
        Booking b = paidBooking();
        String wrong = b.code().startsWith("A") ? "B" + b.code().substring(1) : "A" + b.code().substring(1);
        BizException e = bizError(() -> checkIn(b.sn(), b.landlord(), wrong));
        assertThat(e.code()).isEqualTo(ErrorCode.ORDER_TRADE_CODE_MISMATCH.code());
        assertThat(e.userMessage()).isEqualTo("tradeCode: " + wrong + " is not the check-in code of order " + b.sn());
        assertThat(state(b.sn())).isEqualTo(PAID);
        assertThat(version(b.sn())).isEqualTo(1);
    }

    @Test
    void anOrderThatIsNotPaid_isRefusedNamingItsState() {
        Booking waiting = booking(0);
        assertThat(bizError(() -> checkIn(waiting.sn(), waiting.landlord(), waiting.code())).userMessage())
                .isEqualTo("order " + waiting.sn() + " has trade state 0 (wait pay) (expected 1 (paid) to check in)");
        Booking cancelled = booking(0);
        f.move(cancelled.sn(), CANCELLED);
        Booking refunded = paidBooking();
        f.move(refunded.sn(), REFUNDED);
        Booking expired = paidBooking();
        f.move(expired.sn(), EXPIRED);
        Booking refunding = paidBooking();
        f.move(refunding.sn(), REFUNDING);
        Booking used = paidBooking();
        checkIn(used.sn(), used.landlord(), used.code());
        for (Booking b : List.of(waiting, cancelled, refunded, expired, refunding, used)) {
            long before = state(b.sn());
            BizException e = bizError(() -> checkIn(b.sn(), b.landlord(), b.code()));
            assertThat(e.code()).as(b.sn()).isEqualTo(ErrorCode.ORDER_NOT_CHECKABLE.code());
            assertThat(e.userMessage()).contains("has trade state " + before + " (");
            assertThat(state(b.sn())).isEqualTo(before);
        }
    }

    @Test
    void beforeTheCheckInDate_isRefusedNamingTheDate() {
        Booking b = booking(1);
        f.move(b.sn(), PAID);
        BizException e = bizError(() -> checkIn(b.sn(), b.landlord(), b.code()));
        assertThat(e.code()).isEqualTo(ErrorCode.ORDER_NOT_CHECKABLE.code());
        assertThat(e.userMessage()).isEqualTo("order " + b.sn() + " checks in on " + OrderRpcFixture.TODAY.plusDays(1)
                + " (expected today, " + OrderRpcFixture.TODAY + " Asia/Shanghai, on or after the check-in date)");
        assertThat(state(b.sn())).isEqualTo(PAID);
    }

    @Test
    void badInput_isRefusedNamingTheField() {
        Booking b = paidBooking();
        assertThat(bizError(() -> checkIn(b.sn(), b.landlord(), "short")).userMessage())
                .isEqualTo("tradeCode: \"short\" (expected the 8 letters or digits of the check-in code)");
        assertThat(bizError(() -> checkIn(b.sn(), b.landlord(), "")).code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(bizError(() -> checkIn(b.sn(), b.landlord(), "ABC-1234")).code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(bizError(() -> checkIn(b.sn(), 0, b.code())).userMessage()).isEqualTo("userId: 0 (expected > 0)");
        assertThat(bizError(() -> checkIn("HSO1", b.landlord(), b.code())).code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(state(b.sn())).isEqualTo(PAID);
    }

    /**
     * Check-ins, refunds (the move order-mq makes on the refund event) and expiry ticks all at once on
     * one paid order whose stay has ended but was not expired yet: exactly one of them moves it, the
     * others are refused or find nothing to do, and the row was changed once.
     */
    @Test
    void checkInRacingRefundAndExpiry_hasExactlyOneWinner() throws Exception {
        int each = 4;
        ExecutorService pool = Executors.newFixedThreadPool(3 * each);
        List<Long> winners = new ArrayList<>();
        try {
            for (int round = 0; round < 15; round++) {
                Booking b = paidBooking();
                // the guest stayed: the stay ended yesterday, the expiry tick has not run yet
                f.svc.jdbi().useHandle(h -> h.execute("UPDATE homestay_order SET live_start_date = ?, live_end_date = ? WHERE sn = ?",
                        OrderRpcFixture.TODAY.minusDays(2), OrderRpcFixture.TODAY.minusDays(1), b.sn()));
                CyclicBarrier go = new CyclicBarrier(3 * each);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    results.add(pool.submit(() -> attempt(go, "checkIn", () -> checkIn(b.sn(), b.landlord(), b.code())
                            .getHomestayOrder().getTradeState() == USED)));
                    results.add(pool.submit(() -> attempt(go, "refund", () -> f.move(b.sn(), REFUNDING).getChanged())));
                    results.add(pool.submit(() -> attempt(go, "expire", () -> f.rpc.expireHomestayOrders(
                            ExpireHomestayOrdersReq.newBuilder().setLimit(100).build()).getExpired() == 1)));
                }
                List<String> outcomes = new ArrayList<>();
                for (Future<String> r : results) {
                    outcomes.add(r.get(60, TimeUnit.SECONDS));
                }
                long end = state(b.sn());
                winners.add(end);
                String winner = end == USED ? "checkIn" : end == REFUNDING ? "refund" : "expire";
                assertThat(end).isIn((long) USED, (long) REFUNDING, (long) EXPIRED);
                assertThat(outcomes).as(outcomes.toString()).containsOnlyOnce(winner + " won")
                        .filteredOn(o -> o.endsWith(" won")).hasSize(1);
                assertThat(outcomes).as("the losers: refused with a code, or nothing to do")
                        .allMatch(o -> o.endsWith(" won") || o.endsWith(" no-op") || o.startsWith("checkIn refused 120007")
                                || o.startsWith("refund refused 120004"));
                assertThat(version(b.sn())).as("paid, then one move").isEqualTo(2);
            }
        } finally {
            pool.shutdown();
        }
        System.out.println("CheckInIT race winners (2 used, 5 refunding, 4 expired): " + winners);
    }

    private static String attempt(CyclicBarrier go, String kind, BooleanSupplier won) throws Exception {
        go.await(30, TimeUnit.SECONDS);
        try {
            return kind + (RpcCalls.call(won::getAsBoolean) ? " won" : " no-op");
        } catch (BizException e) {
            return kind + " refused " + e.code();
        }
    }
}
