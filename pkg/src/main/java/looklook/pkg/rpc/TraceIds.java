package looklook.pkg.rpc;

import io.grpc.Metadata;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * One id per request, carried from the HTTP edge through every gRPC hop (metadata
 * {@code x-trace-id}) and printed on each log line (MDC key {@code trace}).
 */
public final class TraceIds {
    /** The MDC key the log pattern prints. */
    public static final String MDC_KEY = "trace";
    static final Metadata.Key<String> HEADER = Metadata.Key.of("x-trace-id", Metadata.ASCII_STRING_MARSHALLER);

    private TraceIds() {
    }

    /** A new random id: 16 hex digits (not String.format, which parses its pattern on every call). */
    public static String newId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** The id of the request this thread serves, if any. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
