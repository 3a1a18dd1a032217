package looklook.pkg.store;

import java.sql.SQLException;

/** Reads MySQL error numbers through the wrappers Jdbi and Hikari put around them. */
public final class SqlErrors {
    private static final int ER_DUP_ENTRY = 1062;

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
}
