package looklook.pkg.outbox;

import org.jdbi.v3.core.Handle;

/**
 * Writes outbox rows inside the caller's transaction, so that the business change and the
 * promise to publish it commit or roll back together. {@link OutboxRelay} publishes them.
 *
 * <p>Each service that uses it creates the table in its own Flyway migration, as written in
 * {@code looklook/pkg/outbox/outbox.sql} (a resource of this module; copy it, since a migration
 * never changes once applied).
 */
public final class Outbox {
    private Outbox() {
    }

    /**
     * Adds {@code e} in the transaction {@code h} is in, for any relay's sweep. {@link OutboxRelay#add}
     * also hands it to the relay when the transaction commits.
     */
    public static void add(Handle h, OutboxEvent e) {
        insert(h, e, 0);
    }

    /** Inserts {@code e}, claimable from {@code claimedUntil} (epoch ms) on; returns the row's id. */
    static long insert(Handle h, OutboxEvent e, long claimedUntil) {
        return h.createUpdate("INSERT INTO outbox (event_id, sink, destination, msg_key, payload, available_at, claimed_until) "
                        + "VALUES (:eventId, :sink, :destination, :key, :payload, :availableAt, :claimedUntil)")
                .bind("eventId", e.eventId())
                .bind("sink", e.sink().code())
                .bind("destination", e.destination())
                .bind("key", e.key())
                .bind("payload", e.payload())
                // epoch ms, not DATETIME: mysql-connector-j drops the milliseconds of client-bound
                // timestamps on MariaDB 10.x (it reads the "5.5.5-" version prefix as MySQL 5.5)
                .bind("availableAt", e.availableAt().toEpochMilli())
                .bind("claimedUntil", claimedUntil)
                // the driver reads the id from the insert's own answer: no further round trip
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }
}
