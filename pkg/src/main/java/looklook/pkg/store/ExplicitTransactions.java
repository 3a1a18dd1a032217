package looklook.pkg.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Jdbi transactions as {@code START TRANSACTION} ... {@code COMMIT} on a connection that stays in
 * autocommit: two statements around the work. Jdbi's own handler turns autocommit off, commits and
 * turns it back on: three, and a purchase runs three transactions.
 * <p>
 * The pool never sees the connection leave autocommit, so nothing but this handler ends a transaction
 * it started: a commit that fails is rolled back here (its after-commit actions dropped, as Jdbi's own
 * handler does), and a handle closed inside a transaction is rolled back by Jdbi, which asks
 * {@link #isInTransaction}. A connection that arrives with autocommit off is refused: {@code START
 * TRANSACTION} would commit what it holds. No savepoints: nothing here nests transactions. Each handle
 * gets an instance of its own, as Jdbi's handlers do: the state is the handle's transaction.
 */
public final class ExplicitTransactions implements TransactionHandler {
    /** The handler to install on a Jdbi: Jdbi asks it for a handler of each handle's own ({@link #specialize}). */
    public static final ExplicitTransactions INSTANCE = new ExplicitTransactions();
    /** This handle's transaction is open: begun here and not yet committed or rolled back. */
    private boolean open;

    private ExplicitTransactions() {
    }

    @Override
    public TransactionHandler specialize(Handle handle) {
        return new ExplicitTransactions();
    }

    @Override
    public void begin(Handle handle) {
        if (open) {
            return; // as Jdbi's: a begin inside a transaction joins it
        }
        Connection c = handle.getConnection();
        try {
            if (!c.getAutoCommit()) {
                throw new TransactionException("connection has autocommit off: START TRANSACTION would commit its open work");
            }
            run(c, "START TRANSACTION");
        } catch (SQLException e) {
            throw new TransactionException("Failed to start transaction", e);
        }
        open = true;
    }

    @Override
    public void commit(Handle handle) {
        if (!open) {
            return;
        }
        try {
            run(handle.getConnection(), "COMMIT");
            open = false;
        } catch (SQLException e) {
            // still open as far as we know: roll back, which also drops the after-commit actions
            try {
                handle.rollback();
            } catch (RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            throw new TransactionException("Failed to commit transaction", e);
        }
    }

    @Override
    public void rollback(Handle handle) {
        if (!open) {
            return;
        }
        open = false;
        try {
            run(handle.getConnection(), "ROLLBACK");
        } catch (SQLException e) {
            // a connection that cannot roll back is broken: the pool drops it on the driver's error
            throw new TransactionException("Failed to roll back transaction", e);
        }
    }

    @Override
    public boolean isInTransaction(Handle handle) {
        return open;
    }

    @Override
    public void savepoint(Handle handle, String name) {
        throw noSavepoints();
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String name) {
        throw noSavepoints();
    }

    @Override
    public void releaseSavepoint(Handle handle, String name) {
        throw noSavepoints();
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        if (open) {
            throw new IllegalStateException("Already in transaction");
        }
        R result;
        try {
            handle.begin();
            result = callback.withHandle(handle);
        } catch (Throwable e) {
            try {
                handle.rollback();
            } catch (RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        handle.commit(); // rolls back itself when the commit fails
        return result;
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
        // Handle has set the session's level around this call already
        return inTransaction(handle, callback);
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static UnsupportedOperationException noSavepoints() {
        return new UnsupportedOperationException("savepoints: not supported by ExplicitTransactions");
    }
}
