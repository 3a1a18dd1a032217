package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.ServiceType;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayMode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.events.TradeType;
import looklook.pkg.ids.SnPrefix;

/** Input rules shared by the payment RPCs; each failure names the field, its value and what was expected. */
final class Validate {
    /** WeChat Pay takes at most 100,000,000 fen per JSAPI order. */
    static final long MAX_PAY_TOTAL = 100_000_000L;

    private Validate() {
    }

    static long id(String field, long id) {
        if (id <= 0) {
            throw BizException.badParam(field + ": " + id + " (expected > 0)");
        }
        return id;
    }

    static String paymentSn(String field, String sn) {
        if (!SnPrefix.THIRD_PAYMENT.matches(sn)) {
            throw BizException.badParam(field + ": " + quote(sn) + " (expected PMT followed by 22 digits)");
        }
        return sn;
    }

    static String refundSn(String sn) {
        if (!SnPrefix.THIRD_REFUND.matches(sn)) {
            throw BizException.badParam("refundSn: " + quote(sn) + " (expected RFD + 22 digits)");
        }
        return sn;
    }

    static String orderSn(String sn) {
        if (!SnPrefix.HOMESTAY_ORDER.matches(sn)) {
            throw BizException.badParam("orderSn: " + quote(sn) + " (expected HSO followed by 22 digits)");
        }
        return sn;
    }

    static long payTotal(long fen) {
        if (fen <= 0 || fen > MAX_PAY_TOTAL) {
            throw BizException.badParam("payTotal: " + fen + " (expected 1.." + MAX_PAY_TOTAL + " fen)");
        }
        return fen;
    }

    /** 0 (no deadline: WeChat's default window) or a deadline still ahead of {@code now} (unix seconds). */
    static long expireTime(long expireTime, long now) {
        if (expireTime < 0) {
            throw BizException.badParam("expireTime: " + expireTime + " (expected unix seconds, or 0 for none)");
        }
        if (expireTime != 0 && expireTime <= now) {
            throw new BizException(ErrorCode.PAYMENT_ORDER_NOT_PAYABLE,
                    "expireTime: " + expireTime + " (expected after now, " + now + "): the pay window has ended");
        }
        return expireTime;
    }

    static PayMode payMode(String mode) {
        return PayMode.of(mode).orElseThrow(() -> BizException.badParam("payModel: " + quote(mode) + " (expected WECHAT_PAY or ALIPAY)"));
    }

    static TradeType tradeType(String type) {
        return TradeType.orJsapi(type).orElseThrow(() ->
                BizException.badParam("tradeType: " + quote(type) + " (expected JSAPI, NATIVE or PRECREATE)"));
    }

    static ServiceType serviceType(String type) {
        return ServiceType.of(type).orElseThrow(() ->
                BizException.badParam("serviceType: " + quote(type) + " (expected homestayOrder)"));
    }

    static PayStatus payStatus(long code) {
        return PayStatus.of(code).orElseThrow(() ->
                BizException.badParam("payStatus: " + code + " (expected one of -1, 0, 1, 2, 3)"));
    }

    /** A refund's reason for WeChat: at most 80 characters, spaces around it dropped. */
    static String refundReason(String reason) {
        String r = reason.strip();
        if (r.length() > 80) {
            throw BizException.badParam("reason: " + r.length() + " characters (expected at most 80)");
        }
        return r;
    }

    /** A caller's idempotency key: 1 to 64 of letters, digits and {@code _ . : -}. */
    static String idempotencyKey(String key) {
        if (!key.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw BizException.badParam("idempotencyKey: " + quote(key) + " (expected 1-64 of A-Z a-z 0-9 _ . : -)");
        }
        return key;
    }

    static String quote(String s) {
        return "\"" + (s.length() <= 30 ? s : s.substring(0, 30) + "...") + "\"";
    }
}
