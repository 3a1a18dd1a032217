package looklook.order.rpc.model;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code homestay_order}. */
public interface HomestayOrderModel {
    String COLUMNS = "id, sn, user_id, homestay_id, title, sub_title, cover, info, people_num, row_type, need_food, "
            + "food_info, food_price, homestay_price, market_homestay_price, homestay_business_id, homestay_user_id, "
            + "live_start_date, live_end_date, live_people_num, trade_state, trade_code, remark, order_total_price, "
            + "food_total_price, homestay_total_price, pay_deadline, create_time, refund_amount";

    @SqlUpdate("INSERT INTO homestay_order (sn, user_id, homestay_id, title, sub_title, cover, info, people_num, row_type, "
            + "need_food, food_info, food_price, homestay_price, market_homestay_price, homestay_business_id, "
            + "homestay_user_id, live_start_date, live_end_date, live_people_num, trade_state, trade_code, remark, "
            + "order_total_price, food_total_price, homestay_total_price, pay_deadline) "
            + "VALUES (:sn, :userId, :homestayId, :title, :subTitle, :cover, :info, :peopleNum, :rowType, "
            + ":needFood, :foodInfo, :foodPrice, :homestayPrice, :marketHomestayPrice, :homestayBusinessId, "
            + ":homestayUserId, :liveStartDate, :liveEndDate, :livePeopleNum, :tradeState, :tradeCode, :remark, "
            + ":orderTotalPrice, :foodTotalPrice, :homestayTotalPrice, :payDeadline)")
    @GetGeneratedKeys("id")
    long insert(@BindMethods HomestayOrder order);

    @SqlQuery("SELECT " + COLUMNS + " FROM homestay_order WHERE sn = :sn AND del_state = 0")
    Optional<HomestayOrder> findOneBySn(String sn);

    /** A user's orders with an id below {@code beforeId}, newest first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM homestay_order WHERE user_id = :userId AND id < :beforeId AND del_state = 0 "
            + "ORDER BY id DESC LIMIT :limit")
    List<HomestayOrder> listByUser(long userId, long beforeId, int limit);

    /** As {@link #listByUser}, only orders in {@code tradeState}. */
    @SqlQuery("SELECT " + COLUMNS + " FROM homestay_order WHERE user_id = :userId AND trade_state = :tradeState "
            + "AND id < :beforeId AND del_state = 0 ORDER BY id DESC LIMIT :limit")
    List<HomestayOrder> listByUserTradeState(long userId, int tradeState, long beforeId, int limit);

    /** How many of the user's orders wait for payment. */
    @SqlQuery("SELECT COUNT(*) FROM homestay_order WHERE user_id = :userId AND trade_state = 0 AND del_state = 0")
    int countWaitingPay(long userId);

    /** Orders still waiting for payment whose pay deadline is before {@code deadlineBefore}, by id after {@code afterId}. */
    @SqlQuery("SELECT " + COLUMNS + " FROM homestay_order WHERE trade_state = 0 AND pay_deadline < :deadlineBefore "
            + "AND id > :afterId AND del_state = 0 ORDER BY id LIMIT :limit")
    List<HomestayOrder> listWaitingPastDeadline(long deadlineBefore, long afterId, int limit);

    /** Paid orders whose check-out date is before {@code today} become expired; the WHERE is the compare-and-set. */
    @SqlUpdate("UPDATE homestay_order SET trade_state = 4, version = version + 1 "
            + "WHERE trade_state = 1 AND live_end_date < :today AND del_state = 0 LIMIT :limit")
    int expirePaidBefore(java.time.LocalDate today, int limit);

    /**
     * Compare-and-set: moves the order only if it is still in {@code fromState}, so of two
     * concurrent moves exactly one changes the row. Returns the rows changed (0 or 1).
     */
    @SqlUpdate("UPDATE homestay_order SET trade_state = :toState, version = version + 1 "
            + "WHERE sn = :sn AND trade_state = :fromState AND del_state = 0")
    int updateTradeState(String sn, int fromState, int toState);

    /** As {@link #updateTradeState}, to refunded, keeping what went back. */
    @SqlUpdate("UPDATE homestay_order SET trade_state = 3, refund_amount = :refundAmount, version = version + 1 "
            + "WHERE sn = :sn AND trade_state = :fromState AND del_state = 0")
    int refund(String sn, int fromState, long refundAmount);
}
