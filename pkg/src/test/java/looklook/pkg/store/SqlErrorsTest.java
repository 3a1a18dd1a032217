package looklook.pkg.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which database failures mean "away, wait for it" and which mean "refused this statement". */
class SqlErrorsTest {
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("pool timeout", new SQLTransientConnectionException("Connection is not available"), true),
                Arguments.of("communications link failure", new SQLException("Communications link failure", "08S01"), true),
                Arguments.of("wrapped as Jdbi does", new IllegalStateException("jdbi", new SQLException("gone", "08003")), true),
                Arguments.of("socket read timeout", new IllegalStateException(new SQLException("read", "HY000",
                        new SocketTimeoutException("Read timed out"))), true),
                Arguments.of("duplicate key", new SQLException("Duplicate entry", "23000", 1062), false),
                Arguments.of("syntax error", new SQLException("You have an error", "42000", 1064), false),
                Arguments.of("not a database failure", new IllegalArgumentException("bad"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void isUnavailable_onlyForFailuresToReachTheDatabase(String name, Throwable failure, boolean unavailable) {
        assertThat(SqlErrors.isUnavailable(failure)).isEqualTo(unavailable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void isDuplicateKey_onlyForTheUniqueKeyError(String name, Throwable failure, boolean unused) {
        assertThat(SqlErrors.isDuplicateKey(failure)).isEqualTo(name.equals("duplicate key"));
    }
}
