package looklook.order.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import looklook.pkg.events.OrderTradeState;
import org.junit.jupiter.api.Test;

class TradeStateTest {
    @Test
    void canMoveTo_allowsExactlyPayCloseThenUseRefundExpire_andRefundingOnlyEndsRefunded() {
        List<String> allowed = new ArrayList<>();
        for (OrderTradeState from : OrderTradeState.values()) {
            for (OrderTradeState to : OrderTradeState.values()) {
                if (from.canMoveTo(to)) {
                    allowed.add(from.code() + "->" + to.code());
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrder("0->1", "0->-1", "1->2", "1->3", "1->4", "1->5", "5->3");
    }

    @Test
    void of_readsEveryLooklookCodeAndNothingElse() {
        assertThat(OrderTradeState.of(-1)).contains(OrderTradeState.CANCELLED);
        assertThat(OrderTradeState.of(0)).contains(OrderTradeState.WAIT_PAY);
        assertThat(OrderTradeState.of(1)).contains(OrderTradeState.PAID);
        assertThat(OrderTradeState.of(2)).contains(OrderTradeState.USED);
        assertThat(OrderTradeState.of(3)).contains(OrderTradeState.REFUNDED);
        assertThat(OrderTradeState.of(4)).contains(OrderTradeState.EXPIRED);
        assertThat(OrderTradeState.of(5)).contains(OrderTradeState.REFUNDING);
        assertThat(OrderTradeState.of(6)).isEmpty();
        assertThat(OrderTradeState.of(-99)).isEmpty();
        assertThat(OrderTradeState.PAID).hasToString("1 (paid)");
    }
}
