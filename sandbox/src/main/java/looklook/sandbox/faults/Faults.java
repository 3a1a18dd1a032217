package looklook.sandbox.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import looklook.sandbox.WxError;
import looklook.sandbox.ledger.RefundStatus;

/**
 * The active fault rules. Each rule catches a number of events (calls, notifies, responses) and
 * is gone once it caught them; rules are tried oldest first. Thread-safe.
 */
public final class Faults {
    /** Endpoint names a {@code fail} or {@code mini} rule may target. */
    public static final Set<String> ENDPOINTS = Set.of("jsapi", "native", "query", "close", "refund", "refund_query",
            "abnormal_refund", "tradebill", "billdownload", "certificates", "pay", "jscode2session", "token", "stable_token",
            "subscribe_send", "getuserphonenumber", "alipay_precreate", "alipay_query", "alipay_close", "alipay_refund",
            "alipay_refund_query", "alipay_bill");
    /** The Alipay gateway's methods (and the phone's scan of an Alipay code), as fault rules name them. */
    public static final Set<String> ALIPAY_ENDPOINTS = Set.of("alipay_precreate", "alipay_query", "alipay_close",
            "alipay_refund", "alipay_refund_query", "alipay_bill");
    private static final Set<String> MINI_ENDPOINTS = Set.of("jscode2session", "token", "stable_token", "subscribe_send", "getuserphonenumber");
    /** Endpoints a {@code delay} rule may hold: the merchant's Pay API calls. */
    private static final Set<String> PAY_ENDPOINTS = Set.of("jsapi", "native", "query", "close", "refund", "refund_query",
            "abnormal_refund", "tradebill", "billdownload", "certificates");
    private static final long MAX_HOLD_MS = 600_000;

    /**
     * A call failure to play: the status, code and message to answer, how long to hold first, and
     * whether the call takes effect.
     */
    public record CallFault(String endpoint, int remaining, int status, String code, String message, long holdMs,
                            boolean after) {
        CallFault next() {
            return new CallFault(endpoint, remaining - 1, status, code, message, holdMs, after);
        }
    }

    /** A hold before the next calls of an endpoint take effect. */
    public record DelayFault(String endpoint, int remaining, long holdMs) {
    }

    /**
     * A signing fault for the next Pay responses (of {@code endpoint} only, if set): a skewed
     * timestamp, another serial, or a probe signature.
     */
    public record ResponseFault(String endpoint, long skewSeconds, String serial, boolean probe, int remaining) {
        ResponseFault next() {
            return new ResponseFault(endpoint, skewSeconds, serial, probe, remaining - 1);
        }
    }

    /** An errcode the next mini-program calls answer with. */
    public record MiniFault(String endpoint, int errcode, String openid, int remaining) {
    }

    /** A notify rule; for REORDER, {@code remaining} counts the notifies still to be held. */
    public record NotifyFault(NotifyMode mode, int remaining, long delayMs, int copies, long holdMs) {
    }

    /** What happens to one notify: {@code releaseHeld} is set on the last notify of a REORDER group. */
    public record NotifyDecision(NotifyMode mode, long delayMs, int copies, long holdMs, boolean releaseHeld) {
    }

    private final List<CallFault> calls = new ArrayList<>();
    private final List<ResponseFault> responses = new ArrayList<>();
    private final List<MiniFault> minis = new ArrayList<>();
    private final List<NotifyFault> notifies = new ArrayList<>();
    private final List<RefundFault> refunds = new ArrayList<>();
    private final List<DelayFault> delays = new ArrayList<>();

    /** The outcome the next refunds settle with. */
    public record RefundFault(RefundStatus status, int remaining) {
    }

    /** Adds the rules in {@code r} (all but the probe, which is an action). Bad values are a 400. */
    public synchronized void add(FaultRequest r) {
        if (r.notifyRule() != null) {
            notifies.add(notifyFault(r.notifyRule()));
        }
        if (r.fail() != null) {
            calls.add(callFault(r.fail()));
        }
        if (r.delay() != null) {
            delays.add(delayFault(r.delay()));
        }
        if (r.response() != null) {
            FaultRequest.Response p = r.response();
            boolean probe = Boolean.TRUE.equals(p.probe());
            if (p.skewSeconds() == null && p.serial() == null && !probe) {
                throw WxError.param("response: needs skew_seconds, serial and/or probe: true");
            }
            if (p.endpoint() != null && !PAY_ENDPOINTS.contains(p.endpoint())) {
                throw WxError.param("response.endpoint: " + p.endpoint() + " (expected one of " + PAY_ENDPOINTS + ")");
            }
            responses.add(new ResponseFault(p.endpoint(), p.skewSeconds() == null ? 0 : p.skewSeconds(), p.serial(), probe,
                    count(p.count())));
        }
        if (r.refund() != null) {
            RefundStatus status;
            try {
                status = RefundStatus.valueOf(String.valueOf(r.refund().status()).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                status = null;
            }
            if (status != RefundStatus.ABNORMAL && status != RefundStatus.CLOSED) {
                throw WxError.param("refund.status: " + r.refund().status() + " (expected ABNORMAL or CLOSED)");
            }
            refunds.add(new RefundFault(status, count(r.refund().count())));
        }
        if (r.mini() != null) {
            FaultRequest.Mini p = r.mini();
            String endpoint = p.endpoint() == null ? "subscribe_send" : p.endpoint();
            if (!MINI_ENDPOINTS.contains(endpoint)) {
                throw WxError.param("mini.endpoint: " + endpoint + " (expected one of " + MINI_ENDPOINTS + ")");
            }
            if (p.errcode() == null || p.errcode() == 0) {
                throw WxError.param("mini.errcode: " + p.errcode() + " (expected a WeChat errcode such as 40001, 43101, 47003)");
            }
            minis.add(new MiniFault(endpoint, p.errcode(), p.openid(), count(p.count())));
        }
    }

    /** The call fault that catches this call of {@code endpoint}, if any. */
    public synchronized Optional<CallFault> takeCall(String endpoint) {
        for (int i = 0; i < calls.size(); i++) {
            CallFault f = calls.get(i);
            if (f.endpoint().equals(endpoint)) {
                decrement(calls, i, f.next(), f.remaining() - 1);
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The hold for this call of {@code endpoint} before it takes effect, if any. */
    public synchronized Optional<DelayFault> takeDelay(String endpoint) {
        for (int i = 0; i < delays.size(); i++) {
            DelayFault f = delays.get(i);
            if (f.endpoint().equals(endpoint)) {
                decrement(delays, i, new DelayFault(f.endpoint(), f.remaining() - 1, f.holdMs()), f.remaining() - 1);
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The signing fault for this Pay response to a call of {@code endpoint}, if any. */
    public synchronized Optional<ResponseFault> takeResponse(String endpoint) {
        for (int i = 0; i < responses.size(); i++) {
            ResponseFault f = responses.get(i);
            if (f.endpoint() == null || f.endpoint().equals(endpoint)) {
                decrement(responses, i, f.next(), f.remaining() - 1);
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The errcode this mini-program call of {@code endpoint} for {@code openid} (may be null) answers with, if any. */
    public synchronized Optional<MiniFault> takeMini(String endpoint, String openid) {
        for (int i = 0; i < minis.size(); i++) {
            MiniFault f = minis.get(i);
            if (f.endpoint().equals(endpoint) && (f.openid() == null || f.openid().equals(openid))) {
                decrement(minis, i, new MiniFault(f.endpoint(), f.errcode(), f.openid(), f.remaining() - 1), f.remaining() - 1);
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** What to do with the next notify, if a rule catches it. */
    public synchronized Optional<NotifyDecision> takeNotify() {
        if (notifies.isEmpty()) {
            return Optional.empty();
        }
        NotifyFault f = notifies.get(0);
        decrement(notifies, 0, new NotifyFault(f.mode(), f.remaining() - 1, f.delayMs(), f.copies(), f.holdMs()), f.remaining() - 1);
        return Optional.of(new NotifyDecision(f.mode(), f.delayMs(), f.copies(), f.holdMs(), f.remaining() == 1));
    }

    /** How the next refund settles: SUCCESS unless a refund rule says otherwise. */
    public synchronized RefundStatus takeRefundOutcome() {
        if (refunds.isEmpty()) {
            return RefundStatus.SUCCESS;
        }
        RefundFault f = refunds.get(0);
        decrement(refunds, 0, new RefundFault(f.status(), f.remaining() - 1), f.remaining() - 1);
        return f.status();
    }

    /** Removes every rule. */
    public synchronized void clear() {
        calls.clear();
        responses.clear();
        minis.clear();
        notifies.clear();
        refunds.clear();
        delays.clear();
    }

    /** The rules still active, for {@code GET /sim/v1/faults}. */
    public synchronized Map<String, List<?>> active() {
        return Map.of("notify", List.copyOf(notifies), "fail", List.copyOf(calls), "delay", List.copyOf(delays),
                "response", List.copyOf(responses), "mini", List.copyOf(minis), "refund", List.copyOf(refunds));
    }

    private static NotifyFault notifyFault(FaultRequest.Notify p) {
        NotifyMode mode;
        try {
            mode = NotifyMode.valueOf(String.valueOf(p.mode()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WxError.param("notify.mode: " + p.mode() + " (expected drop, delay, duplicate or reorder)");
        }
        int count = count(p.count());
        if (mode == NotifyMode.REORDER && count < 2) {
            throw WxError.param("notify.count: " + count + " (reorder needs at least 2 notifies to swap)");
        }
        long delay = p.delayMs() == null ? 0 : p.delayMs();
        if (mode == NotifyMode.DELAY && delay <= 0) {
            throw WxError.param("notify.delay_ms: " + p.delayMs() + " (expected > 0 for delay)");
        }
        int copies = p.copies() == null ? 2 : p.copies();
        if (copies < 2 || copies > 10) {
            throw WxError.param("notify.copies: " + copies + " (expected 2..10)");
        }
        long hold = p.holdMs() == null ? 10_000 : p.holdMs();
        return new NotifyFault(mode, count, delay, copies, hold);
    }

    private static CallFault callFault(FaultRequest.Fail p) {
        if (p.endpoint() == null || !ENDPOINTS.contains(p.endpoint())) {
            throw WxError.param("fail.endpoint: " + p.endpoint() + " (expected one of " + ENDPOINTS + ")");
        }
        if (p.endpoint().startsWith("alipay_")) {
            return alipayFault(p);
        }
        WxErrorCodes.Answer named = null;
        if (p.code() != null) {
            named = WxErrorCodes.of(p.code()).orElseThrow(() -> WxError.param("fail.code: " + p.code()
                    + " (expected one of WeChat's codes " + WxErrorCodes.known() + ")"));
        }
        int status = p.status() != null ? p.status() : named != null ? named.status() : 500;
        if (status < 400 || status > 599) {
            throw WxError.param("fail.status: " + status + " (expected 4xx or 5xx, e.g. 500, 503, 429)");
        }
        String code = p.code() != null ? p.code() : WxErrorCodes.forStatus(status);
        String message = WxErrorCodes.of(code).map(WxErrorCodes.Answer::message).orElse("system error (fault)");
        boolean timeout = Boolean.TRUE.equals(p.timeout());
        long hold = p.holdMs() != null ? p.holdMs() : timeout ? 15_000 : 0;
        return new CallFault(p.endpoint(), count(p.count()), status, code, message, hold, Boolean.TRUE.equals(p.after()));
    }

    /**
     * An Alipay call failure: {@code code} (an Alipay sub_code, e.g. ACQ.SYSTEM_ERROR) answers HTTP 200
     * with that error in Alipay's shape (status 200 in the rule); {@code status} alone answers that
     * HTTP status with no Alipay body, as a gateway or proxy in front of Alipay would.
     */
    private static CallFault alipayFault(FaultRequest.Fail p) {
        if (p.code() != null && !AlipayFaultCodes.KNOWN.contains(p.code())) {
            throw WxError.param("fail.code: " + p.code() + " (expected one of Alipay's sub_codes " + AlipayFaultCodes.KNOWN + ")");
        }
        int status = p.code() != null ? 200 : p.status() != null ? p.status() : 502;
        if (p.code() == null && (status < 400 || status > 599)) {
            throw WxError.param("fail.status: " + status + " (expected 4xx or 5xx, e.g. 502)");
        }
        boolean timeout = Boolean.TRUE.equals(p.timeout());
        long hold = p.holdMs() != null ? p.holdMs() : timeout ? 15_000 : 0;
        return new CallFault(p.endpoint(), count(p.count()), status, p.code(), AlipayFaultCodes.message(p.code()), hold,
                Boolean.TRUE.equals(p.after()));
    }

    private static DelayFault delayFault(FaultRequest.Delay p) {
        if (p.endpoint() == null || !PAY_ENDPOINTS.contains(p.endpoint()) && !ALIPAY_ENDPOINTS.contains(p.endpoint())) {
            throw WxError.param("delay.endpoint: " + p.endpoint() + " (expected one of " + PAY_ENDPOINTS + " or "
                    + ALIPAY_ENDPOINTS + ")");
        }
        if (p.holdMs() == null || p.holdMs() < 1 || p.holdMs() > MAX_HOLD_MS) {
            throw WxError.param("delay.hold_ms: " + p.holdMs() + " (expected 1.." + MAX_HOLD_MS + ")");
        }
        return new DelayFault(p.endpoint(), count(p.count()), p.holdMs());
    }

    private static int count(Integer count) {
        int c = count == null ? 1 : count;
        if (c < 1 || c > 1_000_000) {
            throw WxError.param("count: " + count + " (expected 1..1000000)");
        }
        return c;
    }

    private static <T> void decrement(List<T> rules, int index, T next, int remaining) {
        if (remaining <= 0) {
            rules.remove(index);
        } else {
            rules.set(index, next);
        }
    }
}
