package looklook.payment.api.logic;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.alipay.AlipayTimes;
import looklook.pkg.errors.BizException;
import looklook.pkg.events.PayStatus;
import looklook.pkg.events.TradeType;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.rest.RestServer.RawReply;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.payment.GetPaymentBySnReq;
import looklook.proto.payment.GetPaymentBySnResp;
import looklook.proto.payment.PaymentDetail;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.UpdateTradeStateReq;
import looklook.proto.payment.UpdateTradeStateResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alipay's async notify (trade_status_sync; no JWT: Alipay's signature is the authentication). A
 * verified notify of ours (app, merchant, an ALIPAY payment, its amount) reporting TRADE_SUCCESS or
 * TRADE_FINISHED moves the payment to paid through payment-rpc's compare-and-set, so the pay event
 * follows as for WeChat and a repeat changes nothing; TRADE_CLOSED (a close, or the last refund) and
 * WAIT_BUYER_PAY have nothing to pay. The body {@code success} stops Alipay's retries and is answered
 * only once handled; anything else is {@code failure}, so Alipay retries (a dependency down) or gives
 * up after its schedule (a forged or foreign notify, which changes nothing). Every notify is audited
 * as WeChat's are.
 */
public final class ThirdPaymentAlipayCallbackLogic {
    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentAlipayCallbackLogic.class);
    private static final RawReply SUCCESS = RawReply.text(200, "success");
    private static final RawReply REFUSED = RawReply.text(200, "failure");
    private static final RawReply RETRY = RawReply.text(500, "failure");
    private final ServiceContext svc;

    public ThirdPaymentAlipayCallbackLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RawReply thirdPaymentAlipayCallback(UnaryOperator<String> header, String body) {
        RecordWxPayNotifyReq.Builder audit = RecordWxPayNotifyReq.newBuilder().setEventType("alipay.trade_status_sync")
                .putHeaders("Content-Type", header.apply("Content-Type") == null ? "" : header.apply("Content-Type"));
        NotifyIntake.unverified(audit, body);
        Optional<Map<String, String>> form = AlipayNotifies.form(body);
        if (!svc.alipayOffered()) {
            audit.setOutcome("rejected").setDetail("Alipay is not configured here");
            return NotifyIntake.finish(svc, audit, REFUSED);
        }
        if (form.isEmpty() || !AlipayNotifies.verified(svc, form.get())) {
            audit.setOutcome("rejected").setDetail("not a form, or Alipay's signature does not verify");
            return NotifyIntake.finish(svc, audit, REFUSED);
        }
        Map<String, String> n = form.get();
        audit.setVerified(true).setBody(body).setNotifyId(n.getOrDefault("notify_id", ""))
                .setPaymentSn(n.getOrDefault("out_trade_no", ""));
        RawReply reply;
        try {
            reply = apply(n, audit);
        } catch (BizException | io.grpc.StatusRuntimeException e) {
            log.warn("alipay notify {} for payment {} not handled, Alipay will retry: {}", n.get("notify_id"),
                    n.get("out_trade_no"), e.getMessage());
            audit.setOutcome("failed").setDetail("temporarily unable to handle the notify");
            reply = RETRY;
        }
        return NotifyIntake.finish(svc, audit, reply);
    }

    private RawReply apply(Map<String, String> n, RecordWxPayNotifyReq.Builder audit) {
        String sn = n.getOrDefault("out_trade_no", "");
        PaymentDetail p = SnPrefix.THIRD_PAYMENT.matches(sn) ? find(sn) : null;
        if (p == null) {
            return refuse(audit, "unknown", "out_trade_no " + sn + " is not one of our payments");
        }
        Optional<String> bad = AlipayNotifies.mismatch(svc.config().alipayConf(), n, p);
        if (bad.isPresent()) {
            return refuse(audit, "mismatch", bad.get() + " (order " + p.getOrderSn() + ")");
        }
        String status = n.getOrDefault("trade_status", "");
        if (!status.equals("TRADE_SUCCESS") && !status.equals("TRADE_FINISHED")) {
            audit.setOutcome("ignored").setDetail("payment " + sn + ": trade_status " + status + ", nothing to pay");
            return SUCCESS;
        }
        UpdateTradeStateResp r = RpcCalls.call(() -> svc.paymentRpc().updateTradeState(UpdateTradeStateReq.newBuilder()
                .setSn(sn).setPayStatus(PayStatus.SUCCESS.code()).setTradeState(status)
                .setTransactionId(n.getOrDefault("trade_no", "")).setTradeType(TradeType.PRECREATE.code())
                .setPayTime(AlipayTimes.epochSecond(n.get("gmt_payment"))).build()));
        String outcome = r.getPaymentDetail().getPayStatus() != PayStatus.SUCCESS.code()
                && r.getPaymentDetail().getPayStatus() != PayStatus.REFUNDED.code() ? "late"
                : r.getChanged() ? "applied" : "duplicate";
        audit.setOutcome(outcome).setDetail("payment " + sn + " of order " + p.getOrderSn() + ": " + outcome);
        log.info("alipay notify {} for payment {} {}", n.get("notify_id"), sn, outcome);
        return SUCCESS;
    }

    private static RawReply refuse(RecordWxPayNotifyReq.Builder audit, String outcome, String detail) {
        log.warn("alipay notify refused: {}", detail);
        audit.setOutcome(outcome).setDetail(detail);
        return REFUSED;
    }

    private PaymentDetail find(String sn) {
        GetPaymentBySnResp r = RpcCalls.call(() -> svc.paymentRpc().getPaymentBySn(GetPaymentBySnReq.newBuilder().setSn(sn).build()));
        return r.hasPaymentDetail() ? r.getPaymentDetail() : null;
    }
}
