package looklook.order.rpc.logic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;
import looklook.order.rpc.model.HomestayOrder;
import looklook.order.rpc.model.HomestayOrderModel;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.store.Deadlocks;
import looklook.pkg.events.OrderTradeState;
import looklook.proto.order.CheckInHomestayOrderReq;
import looklook.proto.order.CheckInHomestayOrderResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The landlord checks a guest in with the order's trade code: paid (1) to used (2), by compare-and-set,
 * so a check-in racing the expiry tick or the order's move to refunded has exactly one winner (a
 * refund asked for just before still goes ahead at WeChat: the order's refunding state that closes
 * that gap is still to come). Only the order's landlord
 * may; anyone else learns nothing, not even that the sn exists. Not before the check-in date, so a
 * landlord cannot take a guest's cancellation right away by "checking in" early.
 */
public final class CheckInHomestayOrderLogic {
    private static final Logger log = LoggerFactory.getLogger(CheckInHomestayOrderLogic.class);
    private static final Pattern TRADE_CODE = Pattern.compile("[A-Z0-9]{8}");
    private final ServiceContext svc;

    public CheckInHomestayOrderLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public CheckInHomestayOrderResp checkInHomestayOrder(CheckInHomestayOrderReq in) {
        // 1. input first: its answer does not depend on the order, so it tells nothing about it
        String sn = Validate.sn(in.getSn());
        long landlord = Validate.id("userId", in.getUserId());
        String code = tradeCode(in.getTradeCode());

        // 2. a stranger's sn answers exactly as a missing one
        HomestayOrder order = svc.jdbi().withExtension(HomestayOrderModel.class, m -> m.findOneBySn(sn))
                .filter(o -> o.homestayUserId() == landlord)
                .orElseThrow(() -> new BizException(ErrorCode.ORDER_NOT_FOUND));
        // constant time, so the answer's timing does not tell how much of a guessed code was right
        if (!MessageDigest.isEqual(code.getBytes(StandardCharsets.US_ASCII), order.tradeCode().getBytes(StandardCharsets.US_ASCII))) {
            log.info("order {}: check-in by landlord {} with a wrong trade code", sn, landlord);
            throw new BizException(ErrorCode.ORDER_TRADE_CODE_MISMATCH,
                    "tradeCode: " + code + " is not the check-in code of order " + sn);
        }
        requirePaid(order);
        LocalDate today = LocalDate.now(svc.clock().withZone(Stay.ZONE));
        if (today.isBefore(order.liveStartDate())) {
            throw new BizException(ErrorCode.ORDER_NOT_CHECKABLE, "order " + sn + " checks in on " + order.liveStartDate()
                    + " (expected today, " + today + " Asia/Shanghai, on or after the check-in date)");
        }

        // 3. the move: whoever changed it first (a refund, the expiry tick, another check-in) wins
        int moved = Deadlocks.retry("check in " + sn, () -> svc.jdbi().withExtension(HomestayOrderModel.class,
                m -> m.updateTradeState(sn, OrderTradeState.PAID.code(), OrderTradeState.USED.code())));
        if (moved == 0) {
            requirePaid(svc.jdbi().withExtension(HomestayOrderModel.class, m -> m.findOneBySn(sn)).orElseThrow());
            throw new BizException(ErrorCode.DB_UPDATE_AFFECTED_ZERO_ERROR, "order " + sn + " changed while checking it in");
        }
        log.info("order {} checked in by landlord {}: trade state {} -> {}", sn, landlord, OrderTradeState.PAID, OrderTradeState.USED);
        return CheckInHomestayOrderResp.newBuilder().setHomestayOrder(Protos.order(order.withState(OrderTradeState.USED))).build();
    }

    /** The code as the guest shows it; letters are read as upper case (codes have no lower case). */
    private static String tradeCode(String raw) {
        String code = raw.strip().toUpperCase(Locale.ROOT);
        if (!TRADE_CODE.matcher(code).matches()) {
            String shown = raw.length() <= 30 ? raw : raw.substring(0, 30) + "...";
            throw BizException.badParam("tradeCode: \"" + shown + "\" (expected the 8 letters or digits of the check-in code)");
        }
        return code;
    }

    private static void requirePaid(HomestayOrder order) {
        if (order.state() != OrderTradeState.PAID) {
            throw new BizException(ErrorCode.ORDER_NOT_CHECKABLE, "order " + order.sn() + " has trade state " + order.state()
                    + " (expected " + OrderTradeState.PAID + " to check in)");
        }
    }
}
