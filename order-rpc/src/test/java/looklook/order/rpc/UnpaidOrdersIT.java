package looklook.order.rpc;

import static looklook.order.rpc.OrderRpcFixture.bizError;
import static looklook.order.rpc.OrderRpcFixture.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.rpc.RpcCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bound on one user's unpaid orders (MaxUnpaidOrders 3 here), alone and under concurrent creates. */
class UnpaidOrdersIT {
    private static final int MAX = 3;
    private static OrderRpcFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = OrderRpcFixture.start(MAX);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private long unpaid(long user) {
        return f.count("SELECT COUNT(*) FROM homestay_order WHERE user_id = ? AND trade_state = 0", user);
    }

    @Test
    void pastTheBound_createIsRefusedWith120005_untilAnOrderIsPaidOrClosed() {
        long user = newUserId();
        List<String> sns = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            sns.add(f.create(user));
        }
        BizException refused = bizError(() -> f.create(user));
        assertThat(refused.code()).isEqualTo(ErrorCode.ORDER_TOO_MANY_UNPAID.code());
        assertThat(refused.userMessage()).isEqualTo("you have 3 unpaid orders (at most 3); pay one or wait until it closes");
        assertThat(unpaid(user)).isEqualTo(MAX);

        // another user is not affected
        assertThat(f.create(newUserId())).startsWith("HSO");

        // a paid order and a cancelled one no longer count
        f.move(sns.get(0), OrderTradeState.PAID.code());
        assertThat(f.create(user)).startsWith("HSO");
        assertThat(bizError(() -> f.create(user)).code()).isEqualTo(ErrorCode.ORDER_TOO_MANY_UNPAID.code());
        f.move(sns.get(1), OrderTradeState.CANCELLED.code());
        assertThat(f.create(user)).startsWith("HSO");
        assertThat(unpaid(user)).isEqualTo(MAX);
    }

    @Test
    void concurrentCreatesOfOneUser_neverPassTheBound() throws Exception {
        int callers = 16;
        for (int round = 0; round < 3; round++) {
            long user = newUserId();
            CyclicBarrier start = new CyclicBarrier(callers);
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                codes.add(pool.submit(() -> {
                    start.await();
                    try {
                        RpcCalls.call(() -> f.create(user));
                        return 200;
                    } catch (BizException e) {
                        return e.code();
                    }
                }));
            }
            List<Integer> got = new ArrayList<>();
            for (Future<Integer> c : codes) {
                got.add(c.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(got).as("round %d", round).filteredOn(c -> c == 200).hasSize(MAX);
            assertThat(got).as("round %d", round).filteredOn(c -> c != 200)
                    .containsOnly(ErrorCode.ORDER_TOO_MANY_UNPAID.code());
            assertThat(unpaid(user)).isEqualTo(MAX);
        }
    }
}
