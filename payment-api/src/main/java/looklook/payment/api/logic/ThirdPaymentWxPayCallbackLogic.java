package looklook.payment.api.logic;

import com.wechat.pay.java.service.payments.model.Transaction;
import java.util.function.UnaryOperator;
import looklook.payment.api.logic.NotifyIntake.Checked;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.rest.RestServer.RawReply;
import looklook.proto.payment.RecordWxPayNotifyReq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat Pay's payment notify (no JWT: the platform signature is the authentication). {@link NotifyIntake}
 * checks it (timestamp, signature) and decrypts the transaction; then it is applied as {@link WxTransactions}
 * says. Answers per WeChat v3: 204 when handled (duplicates and late notifies too), 4xx with a fixed body
 * for a notify we refuse, 5xx when a dependency failed so that WeChat retries. Every notify goes to the
 * audit: whole once verified, as length, hash and prefix before.
 */
public final class ThirdPaymentWxPayCallbackLogic {
    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentWxPayCallbackLogic.class);
    private final ServiceContext svc;

    public ThirdPaymentWxPayCallbackLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RawReply thirdPaymentWxPayCallback(UnaryOperator<String> header, String body) {
        RecordWxPayNotifyReq.Builder audit = RecordWxPayNotifyReq.newBuilder();
        Checked<Transaction> checked = NotifyIntake.check(svc, header, body, Transaction.class, audit);
        return NotifyIntake.finish(svc, audit, checked.verified() ? apply(checked.resource(), audit) : checked.refusal());
    }

    private RawReply apply(Transaction t, RecordWxPayNotifyReq.Builder audit) {
        audit.setPaymentSn(t.getOutTradeNo() == null ? "" : t.getOutTradeNo());
        WxTransactions.Result r;
        try {
            r = WxTransactions.apply(svc, t);
        } catch (BizException | io.grpc.StatusRuntimeException e) {
            log.warn("notify {} for payment {} not handled, WeChat will retry: {}", audit.getNotifyId(), t.getOutTradeNo(), e.getMessage());
            audit.setOutcome("failed").setDetail("temporarily unable to handle the notify");
            return NotifyIntake.retry();
        }
        audit.setOutcome(r.outcome().code()).setDetail(r.detail());
        if (!r.outcome().settled()) {
            // WxTransactions logged why; the sender learns only that it was refused
            return NotifyIntake.refused(400);
        }
        log.info("notify {} for payment {} {} ({})", audit.getNotifyId(), t.getOutTradeNo(), r.outcome().code(), r.detail());
        return NotifyIntake.handled();
    }
}
