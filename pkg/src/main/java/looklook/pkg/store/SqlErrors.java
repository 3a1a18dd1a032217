package looklook.pkg.store;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/** Reads MySQL errors through the wrappers Jdbi and Hikari put around them. */
public final class SqlErrors {
    private static final int ER_DUP_ENTRY = 1062;
    private static final int ER_LOCK_DEADLOCK = 1213;

    private SqlErrors() {
    }

    /** True when {@code e} (or a cause) is a unique-key violation. */
    public static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == ER_DUP_ENTRY) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code e} (or a cause) is a deadlock the server broke by rolling this transaction back:
     * nothing of it stayed, and the server's advice is to run it again.
     */
    public static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == ER_LOCK_DEADLOCK) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code e} (or a cause) says the database could not be reached or did not answer in
     * time (no connection from the pool, a broken or timed-out socket), as opposed to refusing a
     * statement: the caller should wait and try again, not give the request up.
     */
    public static boolean isUnavailable(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException
                    || t instanceof SocketTimeoutException || t instanceof ConnectException) {
                return true;
            }
            // MySQL's "08xxx" SQL states are connection failures whatever the driver's class for them
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
