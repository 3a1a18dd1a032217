package looklook.pkg.rest;

/**
 * Where an HTTP API listens and what a request may cost it (go-zero's RestConf Host/Port/MaxBytes,
 * and Go's http.Server names for the rest).
 *
 * @param maxBytes       largest request body of a JSON route, counted as it arrives whatever the framing
 * @param idleTimeout    ms a connection may stay silent (between requests or inside one) before it is closed
 * @param readTimeout    ms a request body may take to arrive in full, however steadily it trickles
 * @param maxHeaderBytes largest request line plus headers; past it Jetty answers 431
 */
public record RestServerConf(String host, int port, long maxBytes, long idleTimeout, long readTimeout, int maxHeaderBytes) {
    /** go-zero's default MaxBytes: 1 MiB. */
    public static final long DEFAULT_MAX_BYTES = 1 << 20;
    /** Jetty's own default idle timeout. */
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
    /** Ten seconds for a body of at most a MiB: a mobile client on a poor link still makes it. */
    public static final long DEFAULT_READ_TIMEOUT_MS = 10_000;
    /** Jetty's default request header size: a JWT and the usual headers fit many times over. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 << 10;

    public RestServerConf {
        positive("MaxBytes", maxBytes);
        positive("IdleTimeout", idleTimeout);
        positive("ReadTimeout", readTimeout);
        positive("MaxHeaderBytes", maxHeaderBytes);
    }

    /** The defaults for everything but where to listen and the body limit. */
    public RestServerConf(String host, int port, long maxBytes) {
        this(host, port, maxBytes, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS, DEFAULT_MAX_HEADER_BYTES);
    }

    /** Config keys as a process's YAML spells them: null means the default. */
    public static RestServerConf of(String host, int port, Long maxBytes, Long idleTimeout, Long readTimeout,
                                    Integer maxHeaderBytes) {
        return new RestServerConf(host, port,
                maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes,
                idleTimeout == null ? DEFAULT_IDLE_TIMEOUT_MS : idleTimeout,
                readTimeout == null ? DEFAULT_READ_TIMEOUT_MS : readTimeout,
                maxHeaderBytes == null ? DEFAULT_MAX_HEADER_BYTES : maxHeaderBytes);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + ": " + value + " (expected > 0)");
        }
    }
}
