package looklook.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import looklook.sandbox.WxError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultsTest {
    private final Faults faults = new Faults();

    @Test
    void fail_catchesExactlyCountCallsOfItsEndpoint() {
        faults.add(rule(new FaultRequest.Fail("query", 2, 503, null, null, null, null)));
        assertThat(faults.takeCall("close")).isEmpty();
        assertThat(faults.takeCall("query")).get().extracting(Faults.CallFault::status).isEqualTo(503);
        assertThat(faults.takeCall("query")).isPresent();
        assertThat(faults.takeCall("query")).isEmpty();
    }

    @Test
    void timeout_holdsFifteenSecondsUnlessTold() {
        faults.add(rule(new FaultRequest.Fail("jsapi", null, null, null, true, null, null)));
        assertThat(faults.takeCall("jsapi").orElseThrow().holdMs()).isEqualTo(15_000);
    }

    @Test
    void delay_catchesCountCallsOfItsEndpointAndIsNotACallFailure() {
        faults.add(rule(new FaultRequest.Delay("jsapi", 2, 4_000L)));
        assertThat(faults.takeCall("jsapi")).isEmpty();
        assertThat(faults.takeDelay("native")).isEmpty();
        assertThat(faults.takeDelay("jsapi").orElseThrow().holdMs()).isEqualTo(4_000);
        assertThat(faults.takeDelay("jsapi")).isPresent();
        assertThat(faults.takeDelay("jsapi")).isEmpty();
    }

    @Test
    void reorder_marksTheLastNotifyOfTheGroup() {
        faults.add(rule(new FaultRequest.Notify("reorder", 3, null, null, null)));
        assertThat(faults.takeNotify().orElseThrow().releaseHeld()).isFalse();
        assertThat(faults.takeNotify().orElseThrow().releaseHeld()).isFalse();
        Faults.NotifyDecision last = faults.takeNotify().orElseThrow();
        assertThat(last.mode()).isEqualTo(NotifyMode.REORDER);
        assertThat(last.releaseHeld()).isTrue();
        assertThat(faults.takeNotify()).isEmpty();
    }

    @Test
    void mini_openidFilterCatchesOnlyThatUser() {
        faults.add(rule(new FaultRequest.Mini(null, 43101, "oA", 5)));
        assertThat(faults.takeMini("subscribe_send", "oB")).isEmpty();
        assertThat(faults.takeMini("subscribe_send", "oA").orElseThrow().errcode()).isEqualTo(43101);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NOT_ENOUGH, NULL, 403, NOT_ENOUGH", "FREQUENCY_LIMITED, NULL, 429, FREQUENCY_LIMITED",
            "ORDER_NOT_EXIST, NULL, 404, ORDER_NOT_EXIST", "NULL, 503, 503, SERVICE_UNAVAILABLE", "NULL, 429, 429, RATELIMIT_EXCEEDED",
            "NULL, NULL, 500, SYSTEM_ERROR", "SYSTEM_ERROR, 502, 502, SYSTEM_ERROR"})
    void fail_answersANamedCodeWithWeChatsStatus_orAStatusWithItsCode(String code, Integer status, int wantStatus,
                                                                       String wantCode) {
        faults.add(rule(new FaultRequest.Fail("refund", null, status, code, null, null, null)));
        Faults.CallFault f = faults.takeCall("refund").orElseThrow();
        assertThat(f.status()).isEqualTo(wantStatus);
        assertThat(f.code()).isEqualTo(wantCode);
    }

    @Test
    void response_probeAlone_isARule_andAnEndpointFilterCatchesOnlyThatEndpoint() {
        faults.add(rule(new FaultRequest.Response("close", null, null, true, 1)));
        assertThat(faults.takeResponse("query")).isEmpty();
        assertThat(faults.takeResponse("close")).hasValueSatisfying(f -> assertThat(f.probe()).isTrue());
        assertThat(faults.takeResponse("close")).isEmpty();
    }

    @Test
    void badRules_areRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> faults.add(rule(new FaultRequest.Fail("query", 1, null, "OOPS", null, null, null))))
                .isInstanceOf(WxError.class).hasMessageContaining("fail.code: OOPS").hasMessageContaining("NOT_ENOUGH");
        assertThatThrownBy(() -> faults.add(rule(new FaultRequest.Response(null, null, null, false, 1))))
                .isInstanceOf(WxError.class).hasMessageContaining("response");
        assertThatThrownBy(() -> faults.add(rule(new FaultRequest.Response("pay", null, null, true, 1))))
                .isInstanceOf(WxError.class).hasMessageContaining("response.endpoint");
        assertThatThrownBy(() -> faults.add(rule(new FaultRequest.Notify("shuffle", 1, null, null, null))))
                .isInstanceOf(WxError.class).hasMessageContaining("notify.mode");
        assertThatThrownBy(() -> faults.add(rule(new FaultRequest.Fail("query", 1, 200, null, null, null, null))))
                .isInstanceOf(WxError.class).hasMessageContaining("fail.status");
        assertThatThrownBy(() -> faults.add(rule(new FaultRequest.Mini("jsapi", 40001, null, 1))))
                .isInstanceOf(WxError.class).hasMessageContaining("mini.endpoint");
        assertThatThrownBy(() -> faults.add(rule(new FaultRequest.Refund("SUCCESS", 1))))
                .isInstanceOf(WxError.class).hasMessageContaining("refund.status");
        assertThatThrownBy(() -> faults.add(rule(new FaultRequest.Delay("subscribe_send", 1, 100L))))
                .isInstanceOf(WxError.class).hasMessageContaining("delay.endpoint");
        assertThatThrownBy(() -> faults.add(rule(new FaultRequest.Delay("jsapi", 1, null))))
                .isInstanceOf(WxError.class).hasMessageContaining("delay.hold_ms");
        assertThat(faults.active().values()).allMatch(java.util.List::isEmpty);
    }

    /** A request with {@code part} as its only rule. */
    private static FaultRequest rule(Object part) {
        return new FaultRequest(
                part instanceof FaultRequest.Notify n ? n : null,
                part instanceof FaultRequest.Fail f ? f : null,
                part instanceof FaultRequest.Response r ? r : null,
                part instanceof FaultRequest.Mini m ? m : null,
                part instanceof FaultRequest.Probe p ? p : null,
                part instanceof FaultRequest.Refund rf ? rf : null,
                part instanceof FaultRequest.Delay d ? d : null);
    }
}
