package looklook.payment.rpc.model;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code third_payment_notify}, the audit trail of raw WeChat Pay notifies. */
public interface WxPayNotifyModel {
    @SqlUpdate("INSERT INTO third_payment_notify (notify_id, event_type, payment_sn, outcome, detail, http_status, verified, "
            + "headers, body_length, body_sha256, body) VALUES (:notifyId, :eventType, :paymentSn, :outcome, :detail, "
            + ":httpStatus, :verified, :headers, :bodyLength, :bodySha256, :body)")
    @GetGeneratedKeys("id")
    long insert(String notifyId, String eventType, String paymentSn, String outcome, String detail, int httpStatus,
                boolean verified, String headers, long bodyLength, String bodySha256, String body);

    /** Deletes up to {@code limit} rows older than {@code days} days; returns how many. */
    @SqlUpdate("DELETE FROM third_payment_notify WHERE create_time < NOW(3) - INTERVAL :days DAY ORDER BY id LIMIT :limit")
    int deleteOlderThan(@Bind("days") int days, @Bind("limit") int limit);
}
