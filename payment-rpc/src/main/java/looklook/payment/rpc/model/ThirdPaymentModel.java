package looklook.payment.rpc.model;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code third_payment}. */
public interface ThirdPaymentModel {
    String COLUMNS = "id, sn, user_id, pay_mode, trade_type, trade_state, pay_total, transaction_id, trade_state_desc, "
            + "order_sn, service_type, pay_status, "
            + "COALESCE(FLOOR(UNIX_TIMESTAMP(pay_time) * 1000), 0) AS pay_time, expire_time, "
            + "FLOOR(UNIX_TIMESTAMP(create_time) * 1000) AS create_time, "
            + "FLOOR(UNIX_TIMESTAMP(update_time) * 1000) AS update_time, description, notify_url, "
            + "COALESCE(FLOOR(UNIX_TIMESTAMP(prepaid_at) * 1000), 0) AS prepaid_at, awaits_mark";

    @SqlUpdate("INSERT INTO third_payment (sn, user_id, pay_mode, trade_type, pay_total, order_sn, service_type, pay_status, expire_time, "
            + "description, notify_url, awaits_mark) VALUES (:sn, :userId, :payMode, :tradeType, :payTotal, :orderSn, :serviceType, "
            + ":payStatus, :expireTime, :description, :notifyUrl, :awaitsMark)")
    void insert(@BindMethods ThirdPayment payment);

    /**
     * Keeps the prepay fields of a row made before they were stored, once: its next prepay sends
     * these from then on. Returns the rows changed (0 when another caller kept them first).
     */
    @SqlUpdate("UPDATE third_payment SET description = :description, notify_url = :notifyUrl "
            + "WHERE sn = :sn AND description = '' AND notify_url = '' AND del_state = 0")
    int keepPrepayFields(String sn, String description, String notifyUrl);

    @SqlQuery("SELECT " + COLUMNS + " FROM third_payment WHERE sn = :sn AND del_state = 0")
    Optional<ThirdPayment> findOneBySn(String sn);

    /**
     * Locks the payment's row for the rest of the transaction (its refunds are booked one at a time, so
     * their sum is decided here) and returns when its next refund may be asked of WeChat (epoch ms).
     */
    @SqlQuery("SELECT refund_slot_at FROM third_payment WHERE sn = :sn FOR UPDATE")
    Optional<Long> lockRefundSlot(String sn);

    /** The payment's next refund may be asked of WeChat from {@code slotAtMs}. */
    @SqlUpdate("UPDATE third_payment SET refund_slot_at = :slotAtMs WHERE sn = :sn")
    int setRefundSlot(String sn, long slotAtMs);

    /** The order's payment waiting for money, if any (there is at most one: idx_wait_order_sn). */
    @SqlQuery("SELECT " + COLUMNS + " FROM third_payment WHERE wait_order_sn = :orderSn")
    Optional<ThirdPayment> findWaitingByOrderSn(String orderSn);

    /**
     * Waiting payments created more than {@code seconds} ago (by the database's clock) with an id
     * above {@code afterId}, by id: a cursor walks them all, so none is starved by older ones.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM third_payment WHERE pay_status = 0 AND del_state = 0 AND id > :afterId "
            + "AND create_time < NOW(3) - INTERVAL :seconds SECOND ORDER BY id LIMIT :limit")
    List<ThirdPayment> listWaitingOlderThan(long seconds, long afterId, int limit);

    /** Payments that took money (paid or refunded since) with WeChat's success time in [fromSecond, toSecond). */
    @SqlQuery("SELECT " + COLUMNS + " FROM third_payment WHERE pay_status IN (1, 2) AND del_state = 0 "
            + "AND pay_time >= FROM_UNIXTIME(:fromSecond) AND pay_time < FROM_UNIXTIME(:toSecond)")
    List<ThirdPayment> listPaidBetween(long fromSecond, long toSecond);

    /** The order's payments, newest first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM third_payment WHERE order_sn = :orderSn AND del_state = 0 ORDER BY id DESC")
    List<ThirdPayment> listByOrderSn(String orderSn);

    /**
     * Compare-and-set: moves the payment only if it is still in {@code fromStatus}, so of concurrent
     * moves exactly one changes the row. Returns the rows changed (0 or 1).
     */
    @SqlUpdate("UPDATE third_payment SET pay_status = :toStatus, trade_state = :tradeState, trade_type = :tradeType, "
            + "transaction_id = :transactionId, trade_state_desc = :tradeStateDesc, "
            + "pay_time = IF(:payTime > 0, FROM_UNIXTIME(:payTime), pay_time), version = version + 1 "
            + "WHERE sn = :sn AND pay_status = :fromStatus AND del_state = 0")
    int updatePayStatus(String sn, int fromStatus, int toStatus, String tradeState, String tradeType,
                        String transactionId, String tradeStateDesc, long payTime);

    /**
     * Compare-and-set: records that a provider accepted a prepay of the payment, which payment-api is
     * about to hand out, only while it waits; the first time is kept. Returns the rows matched (0 when it
     * no longer waits).
     */
    @SqlUpdate("UPDATE third_payment SET prepaid_at = COALESCE(prepaid_at, NOW(3)) "
            + "WHERE sn = :sn AND pay_status = 0 AND del_state = 0")
    int markPrepaid(String sn);

    /**
     * Compare-and-set: closes a waiting payment that awaits a mark no prepay of it ever got (nobody holds
     * a code of it), so of this and a concurrent {@link #markPrepaid} or {@link #stopAwaitingMark} exactly
     * one changes the row. Returns the rows changed (0 or 1).
     */
    @SqlUpdate("UPDATE third_payment SET pay_status = 3, trade_state = :tradeState, version = version + 1 "
            + "WHERE sn = :sn AND pay_status = 0 AND awaits_mark = 1 AND prepaid_at IS NULL AND del_state = 0")
    int closeNeverPrepaid(String sn, String tradeState);

    /**
     * A waiting payment taken over by a caller that hands its codes out unmarked: from now on it is
     * never given up without asking its provider. Returns the rows matched (0 when it no longer waits).
     */
    @SqlUpdate("UPDATE third_payment SET awaits_mark = 0 WHERE sn = :sn AND pay_status = 0 AND del_state = 0")
    int stopAwaitingMark(String sn);

    /**
     * Records that WeChat took the money for a payment that does not count (closed or failed here),
     * once: the status stays, WeChat's facts are kept for the refund. Returns the rows changed (0 or 1).
     */
    @SqlUpdate("UPDATE third_payment SET trade_state = :tradeState, trade_type = :tradeType, transaction_id = :transactionId, "
            + "trade_state_desc = :tradeStateDesc, pay_time = IF(:payTime > 0, FROM_UNIXTIME(:payTime), pay_time), "
            + "version = version + 1 WHERE sn = :sn AND pay_status = :status AND transaction_id = '' AND del_state = 0")
    int recordLateMoney(String sn, int status, String tradeState, String tradeType, String transactionId,
                        String tradeStateDesc, long payTime);
}
