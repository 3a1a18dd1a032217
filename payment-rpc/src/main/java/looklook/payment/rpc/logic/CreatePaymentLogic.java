package looklook.payment.rpc.logic;

import java.util.List;
import java.util.Optional;
import looklook.payment.rpc.model.ServiceType;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayMode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.events.TradeType;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.store.SqlErrors;
import looklook.pkg.wechat.WxPayText;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.CreatePaymentResp;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the waiting payment of an order, or hands back the one already waiting when the same
 * user asks again for the same amount (a retried prepay keeps its out_trade_no, so WeChat sees one
 * order). An order has at most one waiting payment (a unique key), and none once one succeeded;
 * asking for another trade type (another channel) switches: the waiting payment is closed at its
 * provider first ({@link ChannelSwitch}). A payment created for a caller that marks its prepays
 * ({@code marksPrepay}) awaits the mark, and only such a payment may be given up unmarked without
 * asking its provider; a reuse never makes a payment await it (an earlier caller, which did not mark,
 * may hold a code), and a reuse by a caller that does not mark stops it awaiting one.
 * The payment keeps what its prepays send WeChat, fixed at its creation: the order's pay deadline
 * (time_expire), the description (cut to WeChat's 127 UTF-8 bytes) and the notify_url. WeChat refuses
 * a repeated prepay that changes any of them, so a title edited since the first try must not lock
 * the user out of paying.
 */
public final class CreatePaymentLogic {
    private static final Logger log = LoggerFactory.getLogger(CreatePaymentLogic.class);
    private final ServiceContext svc;

    public CreatePaymentLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public CreatePaymentResp createPayment(CreatePaymentReq in) {
        long userId = Validate.id("userId", in.getUserId());
        PayMode mode = Validate.payMode(in.getPayModel());
        if (!svc.channels().has(mode)) {
            // a payment no channel here can query, close or refund must never reach a payer
            throw new BizException(ErrorCode.PAY_MODE_NOT_OFFERED, "payModel " + mode.code() + " is not configured in payment-rpc");
        }
        TradeType tradeType = Validate.tradeType(in.getTradeType());
        long total = Validate.payTotal(in.getPayTotal());
        String orderSn = Validate.orderSn(in.getOrderSn());
        ServiceType type = Validate.serviceType(in.getServiceType());
        long expireTime = Validate.expireTime(in.getExpireTime(), svc.clock().instant().getEpochSecond());
        String description = WxPayText.description(in.getDescription());

        if (tradeType.payMode() != mode) {
            throw BizException.badParam("tradeType: " + tradeType.code() + " (expected a trade type of " + mode.code() + ")");
        }
        // a later round runs only after a channel switch closed the waiting payment (or found it closed), when
        // a concurrent call inserted the waiting payment first, or when the payment to reuse left waiting meanwhile
        for (int attempt = 0; attempt < 3; attempt++) {
            List<ThirdPayment> payments = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(orderSn));
            if (payments.stream().anyMatch(p -> p.status() == PayStatus.SUCCESS || p.status() == PayStatus.REFUNDED)) {
                throw new BizException(ErrorCode.PAYMENT_ORDER_ALREADY_PAID, "order " + orderSn + " is already paid");
            }
            Optional<ThirdPayment> waiting = payments.stream().filter(p -> p.status() == PayStatus.WAIT).findFirst();
            if (waiting.isPresent() && waiting.get().payTradeType() != tradeType && sameBuyer(waiting.get(), userId, total, type)) {
                ChannelSwitch.closeForSwitch(svc, waiting.get(), tradeType);
                continue;
            }
            if (waiting.isPresent()) {
                Optional<CreatePaymentResp> reused = reuse(waiting.get(), userId, total, type, description, in.getNotifyUrl(),
                        in.getMarksPrepay());
                if (reused.isPresent()) {
                    return reused.get();
                }
                continue;
            }
            ThirdPayment payment = ThirdPayment.waiting(svc.sns().next(SnPrefix.THIRD_PAYMENT), userId, mode, tradeType, total, orderSn, type,
                    expireTime, description, in.getNotifyUrl(), in.getMarksPrepay());
            try {
                svc.jdbi().useExtension(ThirdPaymentModel.class, m -> m.insert(payment));
                log.info("payment {} created for order {} user={} total={} payMode={} tradeType={} awaitsMark={}", payment.sn(),
                        orderSn, userId, total, mode.code(), tradeType.code(), payment.awaitsMark());
                return answer(payment, false);
            } catch (JdbiException e) {
                if (!SqlErrors.isDuplicateKey(e)) {
                    throw new BizException(ErrorCode.DB_ERROR, "create payment for order " + orderSn + ": " + e.getMessage(), e);
                }
            }
        }
        throw new BizException(ErrorCode.DB_UPDATE_AFFECTED_ZERO_ERROR, "order " + orderSn + " kept changing while paying it");
    }

    /** True when the waiting payment is this user's for this amount: only then may the user switch it. */
    private static boolean sameBuyer(ThirdPayment waiting, long userId, long total, ServiceType type) {
        return waiting.userId() == userId && waiting.payTotal() == total && waiting.serviceType().equals(type.code());
    }

    /** The waiting payment handed back to the same buyer; empty when it left waiting meanwhile (look again). */
    private Optional<CreatePaymentResp> reuse(ThirdPayment waiting, long userId, long total, ServiceType type, String description,
                                              String notifyUrl, boolean marksPrepay) {
        if (!sameBuyer(waiting, userId, total, type)) {
            // never someone else's payment, nor one for an amount the order no longer has: no switch either
            throw new BizException(ErrorCode.PAYMENT_CONFLICT, "order " + waiting.orderSn()
                    + ": a payment is waiting for another user or amount (asked: " + total + " fen, " + type.code() + ")");
        }
        ThirdPayment p = waiting;
        if (p.awaitsMark() && !marksPrepay) {
            // a caller that hands its code out unmarked (a payment-api older than MarkPrepaid, mid-deploy): from
            // now on the payment's provider is asked before it is given up. Done before that caller's prepay,
            // and a compare-and-set against a close of it unasked: a payment closed first is not handed back.
            Optional<ThirdPayment> kept = stopAwaitingMark(p);
            if (kept.isEmpty()) {
                return Optional.empty();
            }
            p = kept.get();
        }
        if (p.lacksPrepayFields()) {
            p = keepPrepayFields(p, description, notifyUrl);
        }
        log.info("payment {} reused for order {} user={} awaitsMark={}", p.sn(), p.orderSn(), userId, p.awaitsMark());
        return Optional.of(answer(p, true));
    }

    private Optional<ThirdPayment> stopAwaitingMark(ThirdPayment p) {
        svc.jdbi().useExtension(ThirdPaymentModel.class, m -> m.stopAwaitingMark(p.sn()));
        Optional<ThirdPayment> now = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(p.sn()))
                .filter(r -> r.status() == PayStatus.WAIT);
        if (now.isEmpty()) {
            log.info("payment {} of order {} left waiting before a caller that does not mark took it over", p.sn(), p.orderSn());
        }
        return now;
    }

    /** A row made before the prepay fields were kept: its first prepay sent what this one asks, as nothing had changed. */
    private ThirdPayment keepPrepayFields(ThirdPayment p, String description, String notifyUrl) {
        svc.jdbi().useExtension(ThirdPaymentModel.class, m -> m.keepPrepayFields(p.sn(), description, notifyUrl));
        return svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(p.sn())).orElse(p);
    }

    private static CreatePaymentResp answer(ThirdPayment p, boolean reused) {
        return CreatePaymentResp.newBuilder().setSn(p.sn()).setReused(reused).setDescription(p.description())
                .setNotifyUrl(p.notifyUrl()).setExpireTime(p.expireTime()).build();
    }
}
