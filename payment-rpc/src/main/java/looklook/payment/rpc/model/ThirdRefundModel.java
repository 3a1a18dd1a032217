package looklook.payment.rpc.model;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code third_refund}. */
public interface ThirdRefundModel {
    String COLUMNS = "id, sn, payment_sn, order_sn, user_id, refund_amount, reason, refund_status, refund_id, success_time, "
            + "attempts, next_try_at, accepted_at, kind, idem_key, retry_of, order_held, abnormal_applied";

    @SqlUpdate("INSERT INTO third_refund (sn, payment_sn, order_sn, user_id, refund_amount, reason, next_try_at, kind, "
            + "idem_key, retry_of, order_held) VALUES (:sn, :paymentSn, :orderSn, :userId, :refundAmount, :reason, "
            + ":nextTryAt, :kind, :idemKey, :retryOf, :orderHeld)")
    void insert(@BindMethods ThirdRefund r);

    @SqlQuery("SELECT " + COLUMNS + " FROM third_refund WHERE sn = :sn")
    Optional<ThirdRefund> findOneBySn(String sn);

    /**
     * The refund booked under {@code key} for the payment, or the latest that took its place after WeChat
     * CLOSED it ({@code key#2}, {@code key#3}, ...); compared as text, not LIKE, so {@code _} in a key is no wildcard.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM third_refund WHERE payment_sn = :paymentSn "
            + "AND (idem_key = :key OR LEFT(idem_key, CHAR_LENGTH(:key) + 1) = CONCAT(:key, '#')) ORDER BY id DESC LIMIT 1")
    Optional<ThirdRefund> findLatestByKey(String paymentSn, String key);

    /** The refund WeChat knows by {@code refundId}. */
    @SqlQuery("SELECT " + COLUMNS + " FROM third_refund WHERE refund_id = :refundId AND refund_id <> '' LIMIT 1")
    Optional<ThirdRefund> findOneByRefundId(String refundId);

    /** The refund booked to take the place of CLOSED refund {@code sn}, if any. */
    @SqlQuery("SELECT " + COLUMNS + " FROM third_refund WHERE retry_of = :sn")
    Optional<ThirdRefund> findReplacement(String sn);

    /**
     * Voids the payment's refunds WeChat was never asked for but {@code keepSn}: a whole refund made
     * outside took everything they would have asked for.
     */
    @SqlUpdate("UPDATE third_refund SET refund_status = 3, last_error = :why, version = version + 1 "
            + "WHERE payment_sn = :paymentSn AND sn <> :keepSn AND refund_status = 0 AND accepted_at = 0")
    int voidUnasked(String paymentSn, String keepSn, String why);

    /** A payment's refunds, oldest first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM third_refund WHERE payment_sn = :paymentSn ORDER BY id")
    List<ThirdRefund> listByPaymentSn(String paymentSn);

    /**
     * Fen of the payment given back or on the way: every refund but a CLOSED one (which gave nothing) or a
     * voided one (never asked); an ABNORMAL one counts, WeChat holds its money for the guest.
     */
    @SqlQuery("SELECT COALESCE(SUM(refund_amount), 0) FROM third_refund WHERE payment_sn = :paymentSn "
            + "AND refund_status NOT IN (2, 3)")
    long sumRefundedByPaymentSn(String paymentSn);

    /** Fen of the payment that went back for good (refunds SUCCESS). */
    @SqlQuery("SELECT COALESCE(SUM(refund_amount), 0) FROM third_refund WHERE payment_sn = :paymentSn AND refund_status = 1")
    long sumSucceededByPaymentSn(String paymentSn);

    /** When WeChat last accepted a refund of the payment (epoch ms; 0 for none): WeChat's minute runs from it. */
    @SqlQuery("SELECT COALESCE(MAX(accepted_at), 0) FROM third_refund WHERE payment_sn = :paymentSn")
    long lastAcceptedAt(String paymentSn);

    /** Refunds of the payment WeChat heard of or will (all but voided ones): WeChat allows 50. */
    @SqlQuery("SELECT COUNT(*) FROM third_refund WHERE payment_sn = :paymentSn AND refund_status <> 3")
    int countByPaymentSn(String paymentSn);

    /** Processing refunds the pump should ask or query about by {@code nowMs}, most overdue first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM third_refund WHERE refund_status = 0 AND next_try_at <= :nowMs "
            + "ORDER BY next_try_at LIMIT :limit")
    List<ThirdRefund> listDue(long nowMs, int limit);

    /**
     * Takes a due refund for one try: only the replica whose update sees {@code seenNextTryAt} still
     * there wins it, and it holds it until {@code untilMs}. Returns the rows changed (0 or 1).
     */
    @SqlUpdate("UPDATE third_refund SET next_try_at = :untilMs, attempts = attempts + 1 "
            + "WHERE sn = :sn AND refund_status = 0 AND next_try_at = :seenNextTryAt")
    int claim(String sn, long seenNextTryAt, long untilMs);

    /** WeChat accepted the request (the first time counts); next look at {@code nextTryAtMs}. */
    @SqlUpdate("UPDATE third_refund SET accepted_at = IF(accepted_at = 0, :nowMs, accepted_at), next_try_at = :nextTryAtMs, "
            + "last_error = '' WHERE sn = :sn AND refund_status = 0")
    int accepted(String sn, long nowMs, long nextTryAtMs);

    /** A try failed or found it still processing; next look at {@code nextTryAtMs}. */
    @SqlUpdate("UPDATE third_refund SET next_try_at = :nextTryAtMs, last_error = :error WHERE sn = :sn AND refund_status = 0")
    int retryAt(String sn, long nextTryAtMs, String error);

    /** A cancel's order is refunding now: WeChat may be asked. */
    @SqlUpdate("UPDATE third_refund SET order_held = 1 WHERE sn = :sn AND order_held = 0")
    int orderHeld(String sn);

    /** A refund WeChat never heard of whose order could not be held: it never will be asked. */
    @SqlUpdate("UPDATE third_refund SET refund_status = 3, last_error = :why, version = version + 1 "
            + "WHERE sn = :sn AND refund_status = 0 AND accepted_at = 0 AND order_held = 0")
    int voidUnheld(String sn, String why);

    /**
     * An ABNORMAL refund WeChat now pays out (the abnormal refund was applied for): processing again,
     * accepted, the pump queries it from {@code nextTryAtMs} until WeChat says SUCCESS.
     */
    @SqlUpdate("UPDATE third_refund SET refund_status = 0, abnormal_applied = 1, next_try_at = :nextTryAtMs, last_error = '', "
            + "version = version + 1 WHERE sn = :sn AND refund_status = -1")
    int reopenAbnormal(String sn, long nextTryAtMs);

    /**
     * Moves a processing refund to its outcome, or an ABNORMAL one to SUCCESS (WeChat paid it out after
     * the abnormal refund was applied for); the WHERE is the compare-and-set.
     */
    @SqlUpdate("UPDATE third_refund SET refund_status = :to, refund_id = :refundId, success_time = :successTime, "
            + "version = version + 1 WHERE sn = :sn AND (refund_status = 0 OR (refund_status = -1 AND :to = 1)) "
            + "AND NOT (abnormal_applied = 1 AND :to = -1)")
    int finish(String sn, int to, String refundId, long successTime);
}
