package looklook.pkg.store;

import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a compare-and-set again when the server broke a deadlock by rolling it back. A batch that walks
 * an index (the expiry tick) and moves that lock one row by its key (check-in, refund) take their locks
 * in different orders, so now and then one is chosen as the victim. Nothing of a victim stayed, and
 * the server's advice is to run it again; a caller that judged a row before the statement still gets
 * a correct answer, because the statement itself is the compare-and-set.
 */
public final class Deadlocks {
    private static final Logger log = LoggerFactory.getLogger(Deadlocks.class);
    private static final int TRIES = 3;

    private Deadlocks() {
    }

    /** Returns what {@code work} returns, running it up to three times while it ends in a deadlock. */
    public static <T> T retry(String what, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (JdbiException e) {
                if (attempt >= TRIES || !SqlErrors.isDeadlock(e)) {
                    throw e;
                }
                log.info("{}: deadlock, rolled back by the server; try {} of {}", what, attempt + 1, TRIES);
            }
        }
    }
}
