package looklook.pkg.kafka;

/**
 * Thrown by a handler when something it needs (a service, Redis, WeChat) is down or busy, not the
 * message: {@link KafkaQueue} pauses the partition and tries the record again until the dependency
 * answers, without spending the record's tries and without dead-lettering it.
 */
public final class DependencyUnavailableException extends RuntimeException {
    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
