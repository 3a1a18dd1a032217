package looklook.order.rpc.model;

import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code user_order_lock}: the row one user's order creations queue on. */
public interface UserOrderLockModel {
    /** Creates the user's row if missing; run outside the creating transaction, so two first orders never deadlock on it. */
    @SqlUpdate("INSERT IGNORE INTO user_order_lock (user_id) VALUES (:userId)")
    int ensure(long userId);

    /** Locks the user's row until the transaction ends; the user's other creates wait here. */
    @SqlQuery("SELECT COUNT(*) FROM user_order_lock WHERE user_id = :userId FOR UPDATE")
    int lock(long userId);
}
