package looklook.payment.rpc.model;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code third_payment_notify}, the audit trail of raw WeChat Pay notifies. */
public interface WxPayNotifyModel {
    String INSERT = "INSERT INTO third_payment_notify (notify_id, event_type, payment_sn, outcome, detail, http_status, verified, "
            + "headers, body_length, body_sha256, body) VALUES (:notifyId, :eventType, :paymentSn, :outcome, :detail, "
            + ":httpStatus, :verified, :headers, :bodyLength, :bodySha256, :body)";

    @SqlUpdate(INSERT)
    @GetGeneratedKeys("id")
    long insert(@BindMethods WxPayNotify n);

    /**
     * Inserts {@code rows} without a transaction around them: the driver rewrites the batch into one
     * multi-row insert (one statement, one commit) as long as it fits the server's max_allowed_packet,
     * which payment-api's batches (1 MiB at most) do. Nothing comes back worth reading: a rewritten
     * batch reports no count per row.
     */
    @SqlBatch(value = INSERT, transactional = false)
    void insertAll(@BindMethods List<WxPayNotify> rows);

    /** Deletes up to {@code limit} rows older than {@code days} days; returns how many. */
    @SqlUpdate("DELETE FROM third_payment_notify WHERE create_time < NOW(3) - INTERVAL :days DAY ORDER BY id LIMIT :limit")
    int deleteOlderThan(@Bind("days") int days, @Bind("limit") int limit);
}
