package looklook.payment.rpc.model;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code third_refund}. */
@RegisterConstructorMapper(ThirdRefund.class)
public interface ThirdRefundModel {
    String COLUMNS = "id, sn, payment_sn, order_sn, user_id, refund_amount, reason, refund_status, refund_id, success_time";

    @SqlUpdate("INSERT INTO third_refund (sn, payment_sn, order_sn, user_id, refund_amount, reason) "
            + "VALUES (:sn, :paymentSn, :orderSn, :userId, :refundAmount, :reason)")
    void insert(@BindMethods ThirdRefund r);

    @SqlQuery("SELECT " + COLUMNS + " FROM third_refund WHERE sn = :sn")
    Optional<ThirdRefund> findOneBySn(String sn);

    @SqlQuery("SELECT " + COLUMNS + " FROM third_refund WHERE payment_sn = :paymentSn")
    Optional<ThirdRefund> findOneByPaymentSn(String paymentSn);

    /** Moves a processing refund to its outcome; the WHERE is the compare-and-set. */
    @SqlUpdate("UPDATE third_refund SET refund_status = :to, refund_id = :refundId, success_time = :successTime, "
            + "version = version + 1 WHERE sn = :sn AND refund_status = 0")
    int finish(String sn, int to, String refundId, long successTime);
}
