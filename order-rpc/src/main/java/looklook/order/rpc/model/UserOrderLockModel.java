package looklook.order.rpc.model;

import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code user_order_lock}: the row one user's order creations queue on. */
public interface UserOrderLockModel {
    /**
     * Creates or touches the user's row, holding its exclusive lock until the transaction ends: the
     * user's other creates wait here. The upsert asks for the exclusive lock at once (no shared lock
     * to upgrade), so two first orders of a new user queue instead of deadlocking.
     */
    @SqlUpdate("INSERT INTO user_order_lock (user_id) VALUES (:userId) ON DUPLICATE KEY UPDATE user_id = user_id")
    void lock(long userId);
}
