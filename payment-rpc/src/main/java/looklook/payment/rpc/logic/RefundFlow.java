package looklook.payment.rpc.logic;

import looklook.payment.rpc.channel.ChannelRefusal;
import looklook.payment.rpc.channel.ProviderRefund;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A booked refund's way to its payment's provider (WeChat, Alipay), the same whether the caller takes it at once or the refund pump
 * later: a cancel first moves its order from paid to refunding (order-rpc's compare-and-set; a
 * check-in or the expiry tick that got there first voids the refund, which the provider then never hears
 * of), then the provider is asked (same refund sn every time) and, once it accepted, queried until the
 * refund settles. Whoever takes a step first claims the row (a compare-and-set on its next try), so a
 * caller and the pump never ask twice at once; a failure waits longer each time, up to ten minutes,
 * and is kept on the row for an operator to see.
 */
final class RefundFlow {
    private static final Logger log = LoggerFactory.getLogger(RefundFlow.class);
    /** A claimed refund is its taker's for a minute: longer than any provider call may take. */
    private static final long CLAIM_MS = 60_000;
    private static final long FIRST_BACKOFF_MS = 5_000;
    private static final long MAX_BACKOFF_MS = 600_000;

    private RefundFlow() {
    }

    /**
     * Moves a cancel's order to refunding (a no-op for other kinds and once done). Returns false when
     * the order had left paid another way (used, expired, closed): the refund is voided.
     */
    static boolean holdOrder(ServiceContext svc, ThirdRefund r) {
        if (r.orderHeld()) {
            return true;
        }
        UpdateHomestayOrderTradeStateReq req = UpdateHomestayOrderTradeStateReq.newBuilder()
                .setSn(r.orderSn()).setTradeState(OrderTradeState.REFUNDING.code()).build();
        try {
            RpcCalls.call(() -> svc.orderRpc().updateHomestayOrderTradeState(req));
        } catch (BizException e) {
            if (!e.is(ErrorCode.ORDER_TRADE_STATE_FORBIDDEN) && !e.is(ErrorCode.ORDER_NOT_FOUND)) {
                throw e;
            }
            int n = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.voidUnheld(r.sn(), "order not paid any more"));
            if (n == 0) {
                // someone else held it (the pump, a repeat) and it moved on since, or voided it: the row says which
                return svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.findOneBySn(r.sn()))
                        .map(now -> now.refundStatus() != ThirdRefund.VOIDED).orElse(false);
            }
            log.warn("refund {} of payment {} voided: order {} could not turn refunding ({})", r.sn(), r.paymentSn(),
                    r.orderSn(), e.userMessage());
            return false;
        }
        svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.orderHeld(r.sn()));
        return true;
    }

    /** Takes {@code r} to its provider now if its turn has come and nobody else holds it; otherwise the pump will. */
    static void tryNow(ServiceContext svc, ThirdRefund r) {
        long now = svc.clock().millis();
        if (r.nextTryAt() > now) {
            return;
        }
        if (claim(svc, r, now)) {
            advance(svc, r);
        }
    }

    /** Takes {@code r}, seen due at {@code now}, for one step: true for the one caller or replica that wins it. */
    static boolean claim(ServiceContext svc, ThirdRefund r, long now) {
        return svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.claim(r.sn(), r.nextTryAt(), now + CLAIM_MS)) == 1;
    }

    /** One step of a refund this caller claimed: hold the order, ask the provider, or query it; failures wait their turn. */
    static void advance(ServiceContext svc, ThirdRefund r) {
        try {
            if (!holdOrder(svc, r)) {
                return;
            }
            if (r.acceptedAt() == 0 && waitsItsTurn(svc, r)) {
                return;
            }
            ThirdPayment paid = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(r.paymentSn()))
                    .orElseThrow(() -> new IllegalStateException("refund " + r.sn() + ": payment " + r.paymentSn() + " not found"));
            if (r.acceptedAt() == 0) {
                RefundAtProvider.ask(svc, r, paid);
            } else if (RefundAtProvider.query(svc, r, paid) == ProviderRefund.Status.PROCESSING) {
                retryLater(svc, r, "still processing at " + paid.payMode(), false);
            }
        } catch (ChannelRefusal e) {
            retryLater(svc, r, e.getMessage(), e.refused());
        } catch (RuntimeException e) {
            retryLater(svc, r, e.toString(), false);
        }
    }

    /**
     * True (and the refund put off) when WeChat accepted another refund of the payment less than the
     * spacing ago: a refund booked in its turn can still come late (the pump was away, an earlier one
     * was retried), and WeChat would answer FREQUENCY_LIMITED.
     */
    private static boolean waitsItsTurn(ServiceContext svc, ThirdRefund r) {
        long last = svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.lastAcceptedAt(r.paymentSn()));
        long turn = last + svc.config().refundSpacingMs();
        if (last == 0 || turn <= svc.clock().millis()) {
            return false;
        }
        svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.retryAt(r.sn(), turn, "waiting its turn after another refund of the payment"));
        return true;
    }

    private static void retryLater(ServiceContext svc, ThirdRefund r, String why, boolean refused) {
        long wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(r.attempts(), 16));
        String error = why.length() > 255 ? why.substring(0, 255) : why;
        svc.jdbi().useExtension(ThirdRefundModel.class, m -> m.retryAt(r.sn(), svc.clock().millis() + wait, error));
        if (refused) {
            // the provider refused the request itself (not enough balance, a rule): retrying may succeed later, a person may be needed
            log.error("refund {} of payment {} (order {}) refused by its provider, try {} in {} s: {}", r.sn(), r.paymentSn(),
                    r.orderSn(), r.attempts() + 1, wait / 1000, why);
        } else {
            log.warn("refund {} of payment {} (order {}): {}; next try in {} s", r.sn(), r.paymentSn(), r.orderSn(), why, wait / 1000);
        }
    }
}
