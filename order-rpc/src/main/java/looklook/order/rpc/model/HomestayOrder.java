package looklook.order.rpc.model;

import java.time.Instant;
import java.time.LocalDate;
import looklook.pkg.events.OrderTradeState;

/**
 * A row of {@code homestay_order}: who booked which home for which dates, with a snapshot of the
 * home and its prices (fen) as they were when ordered. {@code createTime} is set by the database;
 * {@code payDeadline} (unix seconds) ends the pay window; {@code refundAmount} (fen) is what went back
 * when the order turned refunded.
 */
public record HomestayOrder(
        long id,
        String sn,
        long userId,
        long homestayId,
        String title,
        String subTitle,
        String cover,
        String info,
        int peopleNum,
        int rowType,
        boolean needFood,
        String foodInfo,
        long foodPrice,
        long homestayPrice,
        long marketHomestayPrice,
        long homestayBusinessId,
        long homestayUserId,
        LocalDate liveStartDate,
        LocalDate liveEndDate,
        int livePeopleNum,
        int tradeState,
        String tradeCode,
        String remark,
        long orderTotalPrice,
        long foodTotalPrice,
        long homestayTotalPrice,
        long payDeadline,
        Instant createTime,
        long refundAmount) {

    /** The trade state; a value this build does not know is a corrupt row. */
    public OrderTradeState state() {
        return OrderTradeState.of(tradeState)
                .orElseThrow(() -> new IllegalStateException("order " + sn + " has unknown trade_state " + tradeState));
    }

    /** This order in {@code state}. */
    public HomestayOrder withState(OrderTradeState state) {
        return withState(state, refundAmount);
    }

    /** This order in {@code state} with {@code refundAmount} fen given back. */
    public HomestayOrder withState(OrderTradeState state, long refundAmount) {
        return new HomestayOrder(id, sn, userId, homestayId, title, subTitle, cover, info, peopleNum, rowType, needFood,
                foodInfo, foodPrice, homestayPrice, marketHomestayPrice, homestayBusinessId, homestayUserId,
                liveStartDate, liveEndDate, livePeopleNum, state.code(), tradeCode, remark, orderTotalPrice,
                foodTotalPrice, homestayTotalPrice, payDeadline, createTime, refundAmount);
    }
}
