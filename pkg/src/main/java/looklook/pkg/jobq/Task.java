package looklook.pkg.jobq;

import java.time.Instant;

/**
 * A task as a handler receives it.
 *
 * @param retried   how many attempts failed before this one
 * @param processAt when it was due
 */
public record Task(String id, String type, String payload, int retried, int maxRetry, Instant processAt) {
}
