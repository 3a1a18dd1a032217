package looklook.order.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import looklook.order.rpc.model.TradeState;
import org.junit.jupiter.api.Test;

class TradeStateTest {
    @Test
    void canMoveTo_allowsExactlyPayCloseThenUseRefundExpire() {
        List<String> allowed = new ArrayList<>();
        for (TradeState from : TradeState.values()) {
            for (TradeState to : TradeState.values()) {
                if (from.canMoveTo(to)) {
                    allowed.add(from.code() + "->" + to.code());
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrder("0->1", "0->-1", "1->2", "1->3", "1->4");
    }

    @Test
    void of_readsEveryLooklookCodeAndNothingElse() {
        assertThat(TradeState.of(-1)).contains(TradeState.CANCELLED);
        assertThat(TradeState.of(0)).contains(TradeState.WAIT_PAY);
        assertThat(TradeState.of(1)).contains(TradeState.PAID);
        assertThat(TradeState.of(2)).contains(TradeState.USED);
        assertThat(TradeState.of(3)).contains(TradeState.REFUNDED);
        assertThat(TradeState.of(4)).contains(TradeState.EXPIRED);
        assertThat(TradeState.of(5)).isEmpty();
        assertThat(TradeState.of(-99)).isEmpty();
        assertThat(TradeState.PAID).hasToString("1 (paid)");
    }
}
