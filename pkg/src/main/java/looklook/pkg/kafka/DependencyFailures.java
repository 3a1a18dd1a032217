package looklook.pkg.kafka;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.NoSuchElementException;
import java.util.Set;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.store.SqlErrors;
import org.apache.kafka.common.errors.RetriableException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The queue's default answer to "is this failure a dependency being down, or the message's own?".
 * An outage fails every record alike, so spending their tries on it would only dead-letter healthy
 * messages; a failure that may be the message's own is counted, so a bad message reaches the
 * dead-letter topic in the end. When unsure, this says "own": a wrong "own" costs a dead letter an
 * operator replays, a wrong "outage" stalls a partition.
 */
public final class DependencyFailures {
    /** Statuses of a call that did not reach a working server, or that the server shed: nothing about the request. */
    private static final Set<Status.Code> OUTAGE_STATUSES =
            Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);
    /** Cause chains deeper than this are cut (and a cycle is one). */
    private static final int MAX_DEPTH = 16;

    private DependencyFailures() {
    }

    /**
     * True when {@code failure} or one of its causes is:
     * <ul>
     * <li>a {@link DependencyUnavailableException} (the handler said so);
     * <li>a gRPC status UNAVAILABLE, DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED: the server is down,
     * slow or shedding load (RpcCalls keeps the status as the cause of the 100001 it throws).
     * ABORTED is not: here it is a lost compare-and-set (100006), a conflict the retry resolves;
     * <li>a {@link BizException} whose code travels as one of those statuses (130007 WeChat Pay busy)
     * or is 100005 (the server's database is down). A bare 100001 from a server is not: it is
     * an unexpected error there, which may well be this message's;
     * <li>a Redis connection failure, or no connection to be had from the pool;
     * <li>a retriable Kafka error (a timeout, no leader);
     * <li>a refused, timed out or unroutable network connection, or a database connection failure.
     * </ul>
     */
    public static boolean isDependencyDown(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (isOutage(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutage(Throwable t) {
        if (t instanceof DependencyUnavailableException) {
            return true;
        }
        if (t instanceof StatusRuntimeException s) {
            return OUTAGE_STATUSES.contains(s.getStatus().getCode());
        }
        if (t instanceof StatusException s) {
            return OUTAGE_STATUSES.contains(s.getStatus().getCode());
        }
        if (t instanceof BizException b) {
            return b.is(ErrorCode.DB_ERROR)
                    || ErrorCode.of(b.code()).map(c -> OUTAGE_STATUSES.contains(c.grpcStatus())).orElse(false);
        }
        if (t instanceof JedisConnectionException) {
            return true;
        }
        if (t instanceof JedisException && t.getCause() instanceof NoSuchElementException) {
            return true; // Jedis' pool: "Could not get a resource from the pool"
        }
        return t instanceof RetriableException
                || t instanceof ConnectException
                || t instanceof NoRouteToHostException
                || t instanceof SocketTimeoutException
                || t instanceof UnknownHostException
                || t instanceof HttpTimeoutException
                // the database away, by the one rule the rpc servers use too (a deadlock is not: it is the record's)
                || SqlErrors.isUnavailable(t);
    }
}
