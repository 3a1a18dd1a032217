package looklook.payment.rpc.model;

import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code third_payment_notify}, the audit trail of raw WeChat Pay notifies. */
public interface WxPayNotifyModel {
    @SqlUpdate("INSERT INTO third_payment_notify (notify_id, event_type, payment_sn, outcome, detail, http_status, headers, body) "
            + "VALUES (:notifyId, :eventType, :paymentSn, :outcome, :detail, :httpStatus, :headers, :body)")
    @GetGeneratedKeys("id")
    long insert(String notifyId, String eventType, String paymentSn, String outcome, String detail, int httpStatus,
                String headers, String body);
}
