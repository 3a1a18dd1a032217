package looklook.payment.rpc.model;

import java.time.LocalDate;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code bill_reconciliation} and {@code bill_difference}. */
public interface BillModel {
    /** True when {@code billDate} was reconciled already. */
    @SqlQuery("SELECT COUNT(*) > 0 FROM bill_reconciliation WHERE bill_date = :billDate")
    boolean done(LocalDate billDate);

    /** Records (or, for a forced re-run, replaces) the outcome of a bill date's run. */
    @SqlUpdate("INSERT INTO bill_reconciliation (bill_date, `lines`, matched, repaired, unrepaired) "
            + "VALUES (:billDate, :lines, :matched, :repaired, :unrepaired) ON DUPLICATE KEY UPDATE `lines` = VALUES(`lines`), "
            + "matched = VALUES(matched), repaired = VALUES(repaired), unrepaired = VALUES(unrepaired)")
    void saveRun(LocalDate billDate, int lines, int matched, int repaired, int unrepaired);

    /**
     * Records a difference once per (date, kind, ref): a re-run keeps the first record, which says what
     * was done then. Returns 1 when this call recorded it, 0 when it was known.
     */
    @SqlUpdate("INSERT IGNORE INTO bill_difference (bill_date, kind, ref, detail, repaired) "
            + "VALUES (:billDate, :kind, :ref, :detail, :repaired)")
    int difference(LocalDate billDate, String kind, String ref, String detail, boolean repaired);
}
