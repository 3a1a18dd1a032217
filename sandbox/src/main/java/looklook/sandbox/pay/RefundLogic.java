package looklook.sandbox.pay;

import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import looklook.sandbox.WxError;
import looklook.sandbox.faults.Faults;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.ledger.PayerAccount;
import looklook.sandbox.ledger.Refund;
import looklook.sandbox.ledger.RefundOrder;
import looklook.sandbox.ledger.RefundStatus;
import looklook.sandbox.ledger.Txn;
import looklook.sandbox.notify.NotifyBuilder;
import looklook.sandbox.notify.Notifier;
import looklook.sandbox.wire.RefundJson;

/**
 * Refunds: accepted as PROCESSING, settled SUCCESS (ABNORMAL when the payer's card is closed, or
 * ABNORMAL/CLOSED by fault; an ABNORMAL refund applied for settles SUCCESS) after the (scaled) refund delay, then a REFUND.* notify goes to the refund's notify_url; a refund sent
 * without one uses the refund callback the merchant configured on the merchant platform (交易中心 >
 * 退款管理 > 退款配置; a notify_url sent takes precedence, as the v2 refund doc says), and with
 * neither no notify is sent. (WeChat delivers that configured callback in the v2 format; the
 * simulator sends its v3 notify there.)
 */
public final class RefundLogic {
    private final Ledger ledger;
    private final Notifier notifier;
    private final NotifyBuilder notifies;
    private final ScheduledExecutorService timer;
    private final long settleDelayMs;
    private final Faults faults;
    private final NotifyUrls notifyUrls;
    private final String merchantNotifyUrl;

    /** {@code merchantNotifyUrl}: the merchant's configured refund callback, null if none. */
    public RefundLogic(Ledger ledger, Notifier notifier, NotifyBuilder notifies, ScheduledExecutorService timer,
                       long settleDelayMs, Faults faults, NotifyUrls notifyUrls, String merchantNotifyUrl) {
        this.ledger = ledger;
        this.notifier = notifier;
        this.notifies = notifies;
        this.timer = timer;
        this.settleDelayMs = settleDelayMs;
        this.faults = faults;
        this.notifyUrls = notifyUrls;
        this.merchantNotifyUrl = merchantNotifyUrl;
    }

    /** Creates (or for a repeated out_refund_no returns) the refund. */
    public RefundJson refund(String mchid, PayBodies.Refund b) {
        PrepayLogic.require(b.outRefundNo(), "out_refund_no");
        if ((b.transactionId() == null) == (b.outTradeNo() == null)) {
            throw WxError.param("exactly one of transaction_id and out_trade_no is required");
        }
        if (b.amount() == null || b.amount().refund() == null || b.amount().total() == null) {
            throw WxError.param("amount.refund and amount.total are required");
        }
        if (b.amount().refund() < 1) {
            throw WxError.param("amount.refund: " + b.amount().refund() + " (expected >= 1 cent)");
        }
        String currency = b.amount().currency() == null ? "CNY" : b.amount().currency();
        String notifyUrl = b.notifyUrl() == null || b.notifyUrl().isEmpty()
                ? merchantNotifyUrl : notifyUrls.check("notify_url", b.notifyUrl());
        Refund r = ledger.refund(mchid, new RefundOrder(b.transactionId(), b.outTradeNo(), b.outRefundNo(), b.reason(),
                notifyUrl, b.amount().refund(), b.amount().total(), currency), Instant.now());
        if (r.status() == RefundStatus.PROCESSING) {
            settleLater(mchid, r.outRefundNo());
        }
        return RefundJson.of(r);
    }

    /** Settles the PROCESSING refund {@code outRefundNo} after the refund delay. */
    void settleLater(String mchid, String outRefundNo) {
        timer.schedule(() -> settle(mchid, outRefundNo), settleDelayMs, TimeUnit.MILLISECONDS);
    }

    /** The refund by out_refund_no. */
    public RefundJson query(String outRefundNo) {
        return ledger.refund(outRefundNo).map(RefundJson::of)
                .orElseThrow(() -> new WxError(404, "RESOURCE_NOT_EXISTS", "out_refund_no " + outRefundNo + " does not exist"));
    }

    private void settle(String mchid, String outRefundNo) {
        Refund before = ledger.refund(outRefundNo).orElse(null);
        if (before == null || before.status() != RefundStatus.PROCESSING) {
            return;
        }
        Refund settled = ledger.settleRefund(outRefundNo, outcome(mchid, before), Instant.now());
        notifier.send(notifies.refund(mchid, settled));
    }

    /**
     * An applied-for ABNORMAL refund reaches the bank account it was sent to; otherwise a payer whose
     * card is closed gets ABNORMAL, and a refund fault may decide.
     */
    private RefundStatus outcome(String mchid, Refund r) {
        if (r.recovery() != null) {
            return RefundStatus.SUCCESS;
        }
        String openid = ledger.byOutTradeNo(mchid, r.outTradeNo()).map(Txn::openid).orElse(null);
        if (ledger.payerAccount(openid) == PayerAccount.CARD_CLOSED) {
            return RefundStatus.ABNORMAL;
        }
        return faults.takeRefundOutcome();
    }
}
