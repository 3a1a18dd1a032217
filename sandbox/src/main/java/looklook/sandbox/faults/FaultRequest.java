package looklook.sandbox.faults;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /sim/v1/faults}; every part is optional and each part present adds
 * one rule (see sandbox/README.md for the meaning of every field).
 */
public record FaultRequest(@JsonProperty("notify") Notify notifyRule, Fail fail, Response response, Mini mini, Probe probe,
                           Refund refund, Delay delay) {

    /** Play with the next {@code count} notifies: drop, delay, duplicate or reorder them. */
    public record Notify(String mode, Integer count, Long delayMs, Integer copies, Long holdMs) {
    }

    /**
     * Fail the next {@code count} calls of {@code endpoint} with WeChat's error {@code code}
     * (NOT_ENOUGH, FREQUENCY_LIMITED...; its HTTP status from {@link WxErrorCodes}) and/or
     * {@code status} (500, 503, 429...), optionally holding the request {@code holdMs} first
     * ({@code timeout}), before or {@code after} the call took effect.
     */
    public record Fail(String endpoint, Integer count, Integer status, String code, Boolean timeout, Long holdMs,
                       Boolean after) {
    }

    /**
     * Hold the next {@code count} calls of {@code endpoint} {@code holdMs} before they take effect,
     * then answer normally: WeChat got the call late.
     */
    public record Delay(String endpoint, Integer count, Long holdMs) {
    }

    /**
     * Sign the next {@code count} Pay 2xx answers (to calls of {@code endpoint} only, if set) with a
     * skewed timestamp, another serial and/or a {@code probe} signature ({@code WECHATPAY/SIGNTEST/...},
     * which never verifies).
     */
    public record Response(String endpoint, Long skewSeconds, String serial, Boolean probe, Integer count) {
    }

    /** Answer the next {@code count} mini-program calls of {@code endpoint} (for {@code openid} only, if set) with {@code errcode}. */
    public record Mini(String endpoint, Integer errcode, String openid, Integer count) {
    }

    /** Settle the next {@code count} refunds as {@code status} (ABNORMAL or CLOSED) instead of SUCCESS. */
    public record Refund(String status, Integer count) {
    }

    /** Send one mis-signed ({@code WECHATPAY/SIGNTEST/}) notify to {@code notifyUrl} now. */
    public record Probe(String notifyUrl, String outTradeNo) {
    }
}
