package looklook.payment.api.logic;

import com.alipay.api.AlipayApiException;
import com.alipay.api.domain.AlipayTradeCloseModel;
import com.alipay.api.request.AlipayTradeCloseRequest;
import com.wechat.pay.java.service.payments.jsapi.model.CloseOrderRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayMode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.rpc.BizStatus;
import looklook.proto.payment.MarkPrepaidReq;
import looklook.proto.payment.MarkPrepaidResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every prepay (WeChat JSAPI and Native, Alipay), after the provider accepted it and
 * before its code leaves payment-api: payment-rpc marks the payment prepaid by compare-and-set
 * ({@code MarkPrepaid}). A channel switch or the close job gives up a payment never marked without asking
 * its provider (one created with {@code marksPrepay}, as every prepay route here creates them), so one
 * given up meanwhile gets no code: its order at the provider is closed again, best effort (only
 * payment-api knows it made that code), and the user is told to use the code already shown or start
 * again; money paid anyway is late money, refunded. No code leaves without its mark: a payment-rpc
 * older than the mark (mid-deploy) gets a "busy, try again" answer, and the next try reaches a newer one.
 */
final class CodeHandout {
    private static final Logger log = LoggerFactory.getLogger(CodeHandout.class);

    private CodeHandout() {
    }

    /** Returns when the code of {@code paymentSn}, prepaid through {@code mode}, may be handed out; throws otherwise. */
    static void markPrepaid(ServiceContext svc, PayMode mode, String orderSn, String paymentSn) {
        MarkPrepaidResp r = mark(svc, paymentSn);
        if (r.getWaiting()) {
            return;
        }
        if (PayStatus.of(r.getPayStatus()).filter(PayStatus::paidOrder).isPresent()) {
            throw new BizException(ErrorCode.PAYMENT_ORDER_ALREADY_PAID, "order " + orderSn + " is already paid");
        }
        closeAtProvider(svc, mode, paymentSn);
        // not "try again": a page retrying by itself must not switch away from a code the user is scanning
        throw new BizException(ErrorCode.PAYMENT_ORDER_NOT_PAYABLE, "payment " + paymentSn + " was closed meanwhile (another "
                + "way to pay was chosen, or the order's time ran out): pay with the code already shown, or start again");
    }

    private static MarkPrepaidResp mark(ServiceContext svc, String paymentSn) {
        try {
            return svc.paymentRpc().markPrepaid(MarkPrepaidReq.newBuilder().setSn(paymentSn).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                // a payment-rpc older than the mark (a deploy under way): the payment was created by a newer one and
                // awaits the mark, so a code handed out unmarked could be given up unasked. The provider's order
                // stays open for the next try, which gets the same or a fresh code; nobody holds this one.
                log.warn("payment {}: the payment-rpc asked cannot mark it prepaid (UNIMPLEMENTED): its code is not handed out",
                        paymentSn);
                throw new BizException(ErrorCode.SERVER_COMMON_ERROR, "MarkPrepaid of payment " + paymentSn
                        + " answered UNIMPLEMENTED (payment-rpc older than payment-api)", e);
            }
            throw BizStatus.fromStatus(e);
        }
    }

    private static void closeAtProvider(ServiceContext svc, PayMode mode, String paymentSn) {
        try {
            switch (mode) {
                case WECHAT_PAY -> {
                    CloseOrderRequest c = new CloseOrderRequest();
                    c.setMchid(svc.config().wxPayConf().mchId());
                    c.setOutTradeNo(paymentSn);
                    svc.wxPay().jsapi().closeOrder(c);
                    log.warn("payment {} was given up while its WeChat code was made: closed at WeChat", paymentSn);
                }
                case ALIPAY -> {
                    AlipayTradeCloseModel m = new AlipayTradeCloseModel();
                    m.setOutTradeNo(paymentSn);
                    AlipayTradeCloseRequest close = new AlipayTradeCloseRequest();
                    close.setBizModel(m);
                    var r = svc.alipay().execute(close);
                    log.warn("payment {} was given up while its Alipay code was made: closed at Alipay ({})", paymentSn,
                            r.isSuccess() ? "closed" : r.getSubCode());
                }
            }
        } catch (AlipayApiException | RuntimeException e) {
            log.warn("payment {} was given up while its {} code was made; closing it there failed ({}): money paid with it "
                    + "is refunded as late money", paymentSn, mode.code(), e.toString());
        }
    }
}
