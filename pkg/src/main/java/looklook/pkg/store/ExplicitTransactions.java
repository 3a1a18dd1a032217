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
 * handler does), a handle closed inside a transaction is rolled back by Jdbi, which asks
 * {@link #isInTransaction}, and a connection whose rollback fails is closed so that the pool drops it. A connection that arrives with autocommit off is refused: {@code START
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
        } catch (SQLException e) {
            throw new TransactionException("Failed to start transaction", e);
        }
        // open from the moment it is asked for, whatever the answer: a START that failed on the way back may
        // have begun it, and the rollback that follows a failure ends it (or discards the connection)
        open = true;
        try {
            run(c, "START TRANSACTION");
        } catch (SQLException e) {
            throw new TransactionException("Failed to start transaction", e);
        }
    }

    @Override
    public void commit(Handle handle) {
        if (!open) {
            return;
        }
        try {
            run(handle.getConnection(), "COMMIT");
        } catch (SQLException e) {
            throw rolledBack(handle, new TransactionException("Failed to commit transaction", e));
        } catch (RuntimeException e) {
            throw rolledBack(handle, e);
        } catch (Error e) {
            throw rolledBack(handle, e);
        }
        open = false;
    }

    @Override
    public void rollback(Handle handle) {
        if (!open) {
            return;
        }
        Connection c = handle.getConnection();
        try {
            run(c, "ROLLBACK");
        } catch (SQLException e) {
            throw discarded(c, new TransactionException("Failed to roll back transaction", e));
        } catch (RuntimeException e) {
            throw discarded(c, e);
        } catch (Error e) {
            throw discarded(c, e);
        } finally {
            open = false;
        }
    }

    /**
     * {@code failure}, after rolling back a transaction whose commit failed (it may or may not have committed:
     * what is left is ended, and the after-commit actions are dropped as after any rollback).
     */
    private static <T extends Throwable> T rolledBack(Handle handle, T failure) {
        try {
            handle.rollback();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * {@code failure}, after closing the driver's connection under the pool's and telling the pool: a transaction
     * that could not be rolled back is in no known state, and autocommit would let it run the next borrower's
     * work inside it. A call on the closed connection fails with SQL state 08003 through the pool's proxy,
     * which makes Hikari drop the connection when it comes back instead of lending it again.
     */
    private static <T extends Throwable> T discarded(Connection c, T failure) {
        try {
            c.unwrap(Connection.class).close();
            c.createStatement().close();
        } catch (SQLException | RuntimeException expected) {
            // the 08003 that marks it broken, or a close that failed on a connection already gone
        }
        return failure;
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
