package looklook.sandbox.pay;

import java.util.Locale;
import looklook.sandbox.WxError;
import looklook.sandbox.crypto.SensitiveFields;
import looklook.sandbox.ledger.AbnormalRefund;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.ledger.Refund;
import looklook.sandbox.wire.RefundJson;

/**
 * {@code POST /v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund} (发起异常退款,
 * pay.weixin.qq.com/docs/merchant/apis/refund/refunds/create-abnormal-refund.html): the money of
 * an ABNORMAL refund, which WeChat holds, goes to the payer's bank card ({@code USER_BANK_CARD}:
 * bank_type, bank_account and real_name required, the last two encrypted for the platform key the
 * request's {@code Wechatpay-Serial} names) or to the merchant's bank account
 * ({@code MERCHANT_BANK_CARD}). The answer is the Refund, PROCESSING; it settles SUCCESS after the
 * refund delay and a REFUND.SUCCESS notify follows.
 */
public final class AbnormalRefundLogic {
    private final Ledger ledger;
    private final RefundLogic refunds;
    private final SensitiveFields sensitive;

    public AbnormalRefundLogic(Ledger ledger, RefundLogic refunds, SensitiveFields sensitive) {
        this.ledger = ledger;
        this.refunds = refunds;
        this.sensitive = sensitive;
    }

    /** Applies for refund {@code refundId}'s held money; {@code serial} is the request's Wechatpay-Serial. */
    public RefundJson apply(String mchid, String refundId, String serial, PayBodies.AbnormalRefund b) {
        PrepayLogic.require(b.outRefundNo(), "out_refund_no");
        AbnormalRefund.Type type = type(b.type());
        if (type == AbnormalRefund.Type.USER_BANK_CARD) {
            PrepayLogic.require(b.bankType(), "bank_type");
            decrypted(serial, b.bankAccount(), "bank_account");
            decrypted(serial, b.realName(), "real_name");
        }
        Refund r = ledger.applyAbnormalRefund(mchid, refundId, b.outRefundNo(),
                new AbnormalRefund(type, type == AbnormalRefund.Type.USER_BANK_CARD ? b.bankType() : null));
        refunds.settleLater(mchid, r.outRefundNo());
        return RefundJson.of(r);
    }

    private static AbnormalRefund.Type type(String type) {
        try {
            return AbnormalRefund.Type.valueOf(String.valueOf(type).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WxError.param("type: " + type + " (expected USER_BANK_CARD or MERCHANT_BANK_CARD)");
        }
    }

    private void decrypted(String serial, String cipher, String field) {
        PrepayLogic.require(cipher, field);
        if (sensitive.decrypt(serial, cipher).isEmpty()) {
            throw WxError.param(field + ": does not decrypt (expected RSA-OAEP for the platform key Wechatpay-Serial "
                    + serial + " names)");
        }
    }
}
