package looklook.pkg.store;

import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Transactions at READ COMMITTED on a pool whose sessions keep the server's level. The level is set
 * for the one transaction, before it begins: one statement. Jdbi's
 * {@code inTransaction(level, ...)} sets the session's level and puts it back afterwards instead: two
 * statements (four where the driver asks the server for the level), and session state for the pool to
 * restore if a call died in between.
 */
public final class ReadCommitted {
    private ReadCommitted() {
    }

    /** Runs {@code callback} in a new transaction at READ COMMITTED and returns what it returns. */
    public static <R, X extends Exception> R inTransaction(Jdbi jdbi, HandleCallback<R, X> callback) throws X {
        return jdbi.withHandle(h -> {
            // without SESSION or GLOBAL it is the next transaction's level only (MySQL and MariaDB alike), and
            // it must come before that transaction begins: the connection is in autocommit, no transaction is open
            h.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
            return h.inTransaction(callback);
        });
    }

    /** As {@link #inTransaction}, for work that returns nothing. */
    public static <X extends Exception> void useTransaction(Jdbi jdbi, HandleConsumer<X> consumer) throws X {
        inTransaction(jdbi, consumer.asCallback());
    }
}
