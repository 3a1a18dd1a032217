package looklook.payment.rpc.model;

import java.time.LocalDate;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code bill_reconciliation} (one row per bill date and channel) and {@code bill_difference}. */
public interface BillModel {
    /** True when {@code channel}'s bill of {@code billDate} was reconciled already. */
    @SqlQuery("SELECT COUNT(*) > 0 FROM bill_reconciliation WHERE bill_date = :billDate AND channel = :channel")
    boolean done(LocalDate billDate, String channel);

    /** Records (or, for a forced re-run, replaces) the outcome of a channel's run for a bill date. */
    @SqlUpdate("INSERT INTO bill_reconciliation (bill_date, channel, `lines`, matched, repaired, unrepaired) "
            + "VALUES (:billDate, :channel, :lines, :matched, :repaired, :unrepaired) ON DUPLICATE KEY UPDATE "
            + "`lines` = VALUES(`lines`), matched = VALUES(matched), repaired = VALUES(repaired), unrepaired = VALUES(unrepaired)")
    void saveRun(LocalDate billDate, String channel, int lines, int matched, int repaired, int unrepaired);

    /**
     * Records a difference once per (date, kind, ref): a re-run keeps the first record, which says what
     * was done then. Returns 1 when this call recorded it, 0 when it was known.
     */
    @SqlUpdate("INSERT IGNORE INTO bill_difference (bill_date, kind, ref, detail, repaired) "
            + "VALUES (:billDate, :kind, :ref, :detail, :repaired)")
    int difference(LocalDate billDate, String kind, String ref, String detail, boolean repaired);
}
