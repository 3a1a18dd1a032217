package looklook.pkg.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rpc.BizStatus;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

class DependencyFailuresTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("the handler says so", new DependencyUnavailableException("WeChat busy", null), true),
                Arguments.of("rpc server unreachable, as RpcCalls throws it", rpc(Status.UNAVAILABLE), true),
                Arguments.of("rpc deadline", rpc(Status.DEADLINE_EXCEEDED), true),
                Arguments.of("rpc server shedding load", rpc(Status.RESOURCE_EXHAUSTED), true),
                Arguments.of("raw gRPC status", Status.UNAVAILABLE.asRuntimeException(), true),
                Arguments.of("wrapped by a handler", new IllegalStateException("x", rpc(Status.UNAVAILABLE)), true),
                Arguments.of("WeChat Pay busy, from payment-rpc", BizException.fromWire(ErrorCode.WX_PAY_ERROR.code(), "busy"), true),
                Arguments.of("the server's database down", BizException.fromWire(ErrorCode.DB_ERROR.code(), "db"), true),
                Arguments.of("Redis unreachable", new JedisConnectionException("refused"), true),
                Arguments.of("Redis pool empty", new JedisException("Could not get a resource from the pool",
                        new NoSuchElementException("Timeout waiting for idle object")), true),
                Arguments.of("Kafka timeout", new TimeoutException("no metadata"), true),
                Arguments.of("connection refused", new ConnectException("refused"), true),
                Arguments.of("HTTP timeout", new HttpTimeoutException("timed out"), true),
                Arguments.of("no database connection", new SQLTransientConnectionException("pool"), true),
                Arguments.of("database link broken (SQL state 08)", new java.sql.SQLException("link", "08S01"), true),
                Arguments.of("a deadlock: the record's own, counted", new java.sql.SQLTransactionRollbackException("Deadlock", "40001", 1213),
                        false),
                Arguments.of("rpc refused the request", rpc(Status.INVALID_ARGUMENT), false),
                Arguments.of("lost compare-and-set (ABORTED)", BizException.fromWire(ErrorCode.DB_UPDATE_AFFECTED_ZERO_ERROR.code(),
                        "changed"), false),
                Arguments.of("the server's unexpected error", BizException.fromWire(ErrorCode.SERVER_COMMON_ERROR.code(), "busy"), false),
                Arguments.of("order not found", new BizException(ErrorCode.ORDER_NOT_FOUND, "HSO1"), false),
                Arguments.of("Redis script error", new JedisDataException("ERR bad script"), false),
                Arguments.of("a bug in the handler", new NullPointerException("x"), false),
                Arguments.of("poison", new PoisonMessageException("not JSON", null), false));
    }

    private static BizException rpc(Status status) {
        return BizStatus.fromStatus(status.withDescription("test").asRuntimeException());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void isDependencyDown(String what, Throwable failure, boolean down) {
        assertThat(DependencyFailures.isDependencyDown(failure)).isEqualTo(down);
    }

    @Test
    void causeChainThatLoops_isReadToItsEnd() {
        Exception a = new IllegalStateException("a");
        Exception b = new IllegalStateException("b", a);
        a.initCause(b);
        assertThat(DependencyFailures.isDependencyDown(a)).isFalse();
    }
}
