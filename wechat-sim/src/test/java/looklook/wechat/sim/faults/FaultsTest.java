package looklook.wechat.sim.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import looklook.wechat.sim.WxError;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private final Faults faults = new Faults();

    @Test
    void fail_catchesExactlyCountCallsOfItsEndpoint() {
        faults.add(new FaultRequest(null, new FaultRequest.Fail("query", 2, 503, null, null, null), null, null, null, null));
        assertThat(faults.takeCall("close")).isEmpty();
        assertThat(faults.takeCall("query")).get().extracting(Faults.CallFault::status).isEqualTo(503);
        assertThat(faults.takeCall("query")).isPresent();
        assertThat(faults.takeCall("query")).isEmpty();
    }

    @Test
    void timeout_holdsFifteenSecondsUnlessTold() {
        faults.add(new FaultRequest(null, new FaultRequest.Fail("jsapi", null, null, true, null, null), null, null, null, null));
        assertThat(faults.takeCall("jsapi").orElseThrow().holdMs()).isEqualTo(15_000);
    }

    @Test
    void reorder_marksTheLastNotifyOfTheGroup() {
        faults.add(new FaultRequest(new FaultRequest.Notify("reorder", 3, null, null, null), null, null, null, null, null));
        assertThat(faults.takeNotify().orElseThrow().releaseHeld()).isFalse();
        assertThat(faults.takeNotify().orElseThrow().releaseHeld()).isFalse();
        Faults.NotifyDecision last = faults.takeNotify().orElseThrow();
        assertThat(last.mode()).isEqualTo(NotifyMode.REORDER);
        assertThat(last.releaseHeld()).isTrue();
        assertThat(faults.takeNotify()).isEmpty();
    }

    @Test
    void mini_openidFilterCatchesOnlyThatUser() {
        faults.add(new FaultRequest(null, null, null, new FaultRequest.Mini(null, 43101, "oA", 5), null, null));
        assertThat(faults.takeMini("subscribe_send", "oB")).isEmpty();
        assertThat(faults.takeMini("subscribe_send", "oA").orElseThrow().errcode()).isEqualTo(43101);
    }

    @Test
    void badRules_areRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> faults.add(new FaultRequest(new FaultRequest.Notify("shuffle", 1, null, null, null), null, null, null, null, null)))
                .isInstanceOf(WxError.class).hasMessageContaining("notify.mode");
        assertThatThrownBy(() -> faults.add(new FaultRequest(null, new FaultRequest.Fail("query", 1, 200, null, null, null), null, null, null, null)))
                .isInstanceOf(WxError.class).hasMessageContaining("fail.status");
        assertThatThrownBy(() -> faults.add(new FaultRequest(null, null, null, new FaultRequest.Mini("jsapi", 40001, null, 1), null, null)))
                .isInstanceOf(WxError.class).hasMessageContaining("mini.endpoint");
        assertThatThrownBy(() -> faults.add(new FaultRequest(null, null, null, null, null, new FaultRequest.Refund("SUCCESS", 1))))
                .isInstanceOf(WxError.class).hasMessageContaining("refund.status");
        assertThat(faults.active().values()).allMatch(java.util.List::isEmpty);
    }
}
