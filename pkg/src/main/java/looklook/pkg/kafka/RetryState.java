package looklook.pkg.kafka;

/**
 * What the loop remembers of the one record a paused partition waits to try again.
 *
 * @param offset           the record's offset: a state for another offset is stale
 * @param failures         the record's own failures so far: its spent tries
 * @param outages          failures in a row because a dependency (or the dead-letter topic) was down,
 *                         which set the wait but spend no tries
 * @param dueNanos         {@link System#nanoTime()} after which the record is tried again
 * @param deadLetterReason set once the record is judged dead: only its dead-letter send is left to do
 */
record RetryState(long offset, int failures, int outages, long dueNanos, String deadLetterReason) {

    static RetryState of(long offset) {
        return new RetryState(offset, 0, 0, 0, null);
    }

    /** The state after one more of the record's own failures. */
    RetryState failed() {
        return new RetryState(offset, failures + 1, 0, dueNanos, deadLetterReason);
    }

    /** The state after one more failure a down dependency caused. */
    RetryState outage() {
        return new RetryState(offset, failures, outages + 1, dueNanos, deadLetterReason);
    }

    /** The state of a record whose handling is over but whose dead letter could not be sent. */
    RetryState deadLetterFailed(String reason) {
        return new RetryState(offset, failures, outages + 1, dueNanos, reason);
    }

    RetryState dueAt(long nanos) {
        return new RetryState(offset, failures, outages, nanos, deadLetterReason);
    }

    boolean isDue(long nowNanos) {
        return nowNanos - dueNanos >= 0;
    }
}
