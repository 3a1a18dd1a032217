package looklook.message.mq.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;

/**
 * The Redis marks that make a subscribe message go out once: a short claim (SET NX PX) while one
 * sender works on it, so two replicas never send it concurrently, then a done mark kept for days,
 * so a redelivery never sends it again. Both keys of a message share a hash tag (one cluster slot).
 */
public final class DeliveryMarks {
    /** How long a done mark lives: far longer than any redelivery or DLQ replay of the message. */
    public static final Duration DONE_TTL = Duration.ofDays(7);

    // the done check and the claim in one step: a sender that gets the claim knows nobody finished before
    private static final String CLAIM = """
            local done = redis.call('GET', KEYS[1])
            if done then return 'done ' .. done end
            if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
            return 'busy'
            """;
    // the done mark first, then the claim: whoever claims next sees the mark
    private static final String FINISH = """
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
            return 'ok'
            """;
    // only our own claim: one that expired and was taken by another sender stays theirs
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** The answer to a claim. */
    public sealed interface Claim permits Claimed, Done, Busy {
    }

    /** This sender holds the message until {@link #finish} or {@link #release} with {@code token}. */
    public record Claimed(String token) implements Claim {
    }

    /** The message was handled already; {@code mark} says how. */
    public record Done(String mark) implements Claim {
    }

    /** Another sender holds the claim now. */
    public record Busy() implements Claim {
    }

    private final JedisPooled redis;
    private final String prefix;
    private final Duration claimTtl;

    /** {@code claimTtl} must outlast one whole send, or a second sender could start while the first still waits on WeChat. */
    public DeliveryMarks(JedisPooled redis, String prefix, Duration claimTtl) {
        this.redis = requireNonNull(redis, "redis");
        this.prefix = requireNonNull(prefix, "prefix");
        this.claimTtl = requireNonNull(claimTtl, "claimTtl");
    }

    /** Claims {@code messageId} unless it is done or held by another sender. */
    public Claim claim(String messageId) {
        String token = UUID.randomUUID().toString();
        String r = String.valueOf(redis.eval(CLAIM, List.of(doneKey(messageId), claimKey(messageId)),
                List.of(token, Long.toString(claimTtl.toMillis()))));
        if (r.equals("claimed")) {
            return new Claimed(token);
        }
        if (r.startsWith("done ")) {
            return new Done(r.substring("done ".length()));
        }
        return new Busy();
    }

    /** Marks {@code messageId} done with {@code mark} (e.g. {@code sent msgid=...}) and drops the claim. */
    public void finish(String messageId, Claimed claim, String mark) {
        redis.eval(FINISH, List.of(doneKey(messageId), claimKey(messageId)),
                List.of(claim.token(), mark, Long.toString(DONE_TTL.toMillis())));
    }

    /** Drops the claim without a done mark, so that the next try may send. */
    public void release(String messageId, Claimed claim) {
        redis.eval(RELEASE, List.of(claimKey(messageId)), List.of(claim.token()));
    }

    /** The done mark of {@code messageId}, if it was handled. */
    public Optional<String> mark(String messageId) {
        return Optional.ofNullable(redis.get(doneKey(messageId)));
    }

    /** How long a claim lives if its holder dies. */
    public Duration claimTtl() {
        return claimTtl;
    }

    private String doneKey(String messageId) {
        return prefix + "{" + messageId + "}:done";
    }

    private String claimKey(String messageId) {
        return prefix + "{" + messageId + "}:claim";
    }
}
