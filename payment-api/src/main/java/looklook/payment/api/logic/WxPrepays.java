package looklook.payment.api.logic;

import com.wechat.pay.java.core.exception.MalformedMessageException;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.exception.WechatPayException;
import java.util.function.Supplier;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WeChat prepay (JSAPI or Native) and what its failures mean to the user, the same for every
 * trade type: paid or closed at WeChat are the order's state, anything else a WX_PAY_ERROR with the
 * payment left waiting for a later try, or for another way to pay: never marked prepaid, it is given
 * up at once by a switch, WeChat not asked.
 */
final class WxPrepays {
    private static final Logger log = LoggerFactory.getLogger(WxPrepays.class);

    private WxPrepays() {
    }

    /**
     * Runs {@code prepay}, asked again once when WeChat's answer cannot be believed (its signature does
     * not verify, its clock is off): WeChat may well have created the order, and asked again with the
     * same parameters it answers with a fresh prepay_id (code_url) for that same order, so the repeat is
     * safe and usually enough.
     */
    static <T> T ask(String orderSn, String paymentSn, Supplier<T> prepay) {
        try {
            try {
                return prepay.get();
            } catch (ValidationException | IllegalArgumentException | MalformedMessageException unbelievable) {
                log.warn("prepay {}: WeChat's answer not believable ({}); asking once more", paymentSn, unbelievable.toString());
                return prepay.get();
            }
        } catch (ServiceException e) {
            if ("ORDERPAID".equals(e.getErrorCode())) {
                throw new BizException(ErrorCode.PAYMENT_ORDER_ALREADY_PAID, "order " + orderSn + " is already paid");
            }
            if ("ORDER_CLOSED".equals(e.getErrorCode())) {
                throw new BizException(ErrorCode.PAYMENT_ORDER_NOT_PAYABLE, "order " + orderSn + " can no longer be paid");
            }
            throw new BizException(ErrorCode.WX_PAY_ERROR, "prepay " + paymentSn + ": " + e.getHttpStatusCode() + " "
                    + e.getErrorCode() + " " + e.getErrorMessage(), e);
        } catch (WechatPayException | IllegalArgumentException e) {
            // unreachable, timed out, or an answer the SDK refused again: the payment waits, the user tries later
            throw new BizException(ErrorCode.WX_PAY_ERROR, "prepay " + paymentSn + ": " + e, e);
        }
    }
}
