package looklook.pkg.jobq;

/**
 * Runs one type of task. Returning completes it; throwing retries it with backoff (or archives it
 * after the last retry); {@link SkipRetryException} archives it at once. A task may run more than
 * once (a worker can die after the work but before saying so): handlers must be idempotent.
 */
@FunctionalInterface
public interface JobHandler {
    void handle(Task task) throws Exception;
}
